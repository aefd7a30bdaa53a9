package org.payerauth.udap.clientauth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.payerauth.udap.jose.X5cJwtBuilder;

/**
 * Builds a UDAP client assertion (udap.org JWT client auth §4; HL7 UDAP IG §4.2.1 / §5.2.1): {@code iss} =
 * {@code sub} = the client_id, {@code aud} = the token endpoint, 5 minutes, a fresh {@code jti}, signed with the
 * app's key and {@code x5c}; for B2B {@code client_credentials}, the {@code hl7-b2b} extension. What the dev PKI
 * tool, the tests and (Tiered OAuth) this server authenticating at an IdP all sign.
 */
public final class ClientAssertionBuilder extends X5cJwtBuilder<ClientAssertionBuilder> {

    private ClientAssertionBuilder(String clientId, String tokenEndpoint) {
        super(clientId, clientId, tokenEndpoint);
    }

    public static ClientAssertionBuilder of(String clientId, String tokenEndpoint) {
        return new ClientAssertionBuilder(clientId, tokenEndpoint);
    }

    @Override
    protected ClientAssertionBuilder self() {
        return this;
    }

    /** Sets {@code extensions.hl7-b2b} (replacing any other extensions). */
    public ClientAssertionBuilder hl7B2b(Map<String, Object> b2b) {
        return claim("extensions", Map.of(org.payerauth.b2b.AuthorizationExtensions.HL7_B2B, b2b));
    }

    /**
     * A minimal valid {@code hl7-b2b} value: version 1, the organization and its purposes of use.
     *
     * @param organizationId a URI identifying the requesting organization
     */
    public static Map<String, Object> hl7B2b(String organizationId, List<String> purposesOfUse) {
        Map<String, Object> b2b = new LinkedHashMap<>();
        b2b.put("version", "1");
        b2b.put("organization_id", organizationId);
        b2b.put("purpose_of_use", List.copyOf(purposesOfUse));
        return b2b;
    }
}
