package org.payerauth.keycloak.udap.registration;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.events.Errors;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.ErrorResponseException;
import org.payerauth.keycloak.common.UdapClientAttributes;
import org.payerauth.udap.registration.RegisteredClientIntegrity;

/**
 * Keeps a registered UDAP app's recorded details as its registration left them: an update of the client through
 * Keycloak's admin API (the console's client pages, REST, kcadm) that leaves the certificate, its SHA-256, the
 * {@code iss} and the client_id disagreeing is refused ({@code 400 invalid_input}, the admin's transaction rolled back)
 * with {@link RegisteredClientIntegrity}'s message. Registration itself writes the client directly and does not pass
 * here. The refusal is an {@link ErrorResponseException}, which every Keycloak line answers as it is (26.5's admin
 * API would turn a {@code ModelValidationException} into a bare {@code unknown_error}).
 */
final class RegisteredClientGuard {

    private static final Logger LOG = Logger.getLogger(RegisteredClientGuard.class);

    private RegisteredClientGuard() {
    }

    static void register(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof ClientModel.ClientUpdatedEvent updated) {
                check(updated.getUpdatedClient());
            }
        });
    }

    static void check(ClientModel client) {
        if (!UdapClientAttributes.isUdapClient(client)) {
            return;
        }
        String iss = client.getAttribute(UdapClientAttributes.ISS);
        String community = String.valueOf(client.getAttribute(UdapClientAttributes.COMMUNITY));
        RegisteredClientIntegrity.problem(client.getAttribute(UdapClientAttributes.CERTIFICATE),
                        client.getAttribute(UdapClientAttributes.CERTIFICATE_SHA256), iss, client.getClientId(),
                        UdapClientIds.of(community, iss))
                .ifPresent(problem -> {
                    LOG.warnf("Realm '%s': an update of UDAP client %s was refused: %s", client.getRealm().getName(),
                            client.getClientId(), problem);
                    throw new ErrorResponseException(Errors.INVALID_INPUT, problem, Response.Status.BAD_REQUEST);
                });
    }
}
