package org.payerauth.keycloak.udap.tiered.flow;

import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;

/**
 * The event details Tiered OAuth adds, and its success event: this server's registration at an identity provider is a
 * {@code CLIENT_REGISTER} event (we registered as a client there) with {@code identity_provider} = the alias and
 * {@code udap_idp} = the IdP URL. Refusals are {@code IDENTITY_PROVIDER_LOGIN_ERROR} events ({@link AppRedirect}).
 */
public final class TieredEvents {

    /** The {@link org.payerauth.udap.Reason} of a refusal. */
    public static final String DETAIL_REASON = "udap_reason";
    /** The identity provider's URL. */
    public static final String DETAIL_UDAP_IDP = "udap_idp";

    private TieredEvents() {
    }

    public static void registeredAtIdentityProvider(EventBuilder event, ClientModel app, String idp, String alias) {
        event.clone().event(EventType.CLIENT_REGISTER).client(app)
                .detail(Details.IDENTITY_PROVIDER, alias)
                .detail(DETAIL_UDAP_IDP, idp)
                .success();
    }
}
