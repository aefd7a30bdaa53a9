package org.payerauth.udap.metadata;

import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import org.payerauth.udap.RegistrationSettings;
import org.payerauth.udap.jose.X5cJwtSigner;
import org.payerauth.udap.pki.TrustCommunity;
import org.payerauth.udap.registration.ClientMetadata;

/**
 * The UDAP server metadata document ({@code /.well-known/udap}, IG 2.0 §2.2) and its {@code signed_metadata}
 * (IG 2.0 §2.3): RS256, {@code x5c} = the community's server chain, {@code iss} = {@code sub} = the FHIR base URL,
 * fresh {@code jti}, endpoint claims identical to the plain JSON.
 */
public final class UdapServerMetadata {

    /** How long a signed_metadata JWT is valid (≤ 1 year required; short since it is signed per request). */
    public static final Duration SIGNED_METADATA_LIFETIME = Duration.ofHours(1);

    /**
     * The server's endpoints and capabilities.
     *
     * @param authorizationEndpoint  absolute URL
     * @param tokenEndpoint          absolute URL
     * @param registrationEndpoint   absolute URL
     * @param grantTypes             grant types offered to UDAP clients
     * @param profiles               UDAP profiles ({@code udap_dcr}, {@code udap_authn}, ...)
     * @param authorizationExtensions supported authorization extensions ({@code hl7-b2b} ...)
     * @param requiredExtensions     required authorization extensions (subset of the supported ones)
     * @param scopes                 every scope offered
     * @param certifications         the certification URIs understood (the community's)
     * @param requiredCertifications those every registration must carry (a subset)
     */
    public record Capabilities(String authorizationEndpoint, String tokenEndpoint, String registrationEndpoint,
                               List<String> grantTypes, List<String> profiles, List<String> authorizationExtensions,
                               List<String> requiredExtensions, List<String> scopes, List<String> certifications,
                               List<String> requiredCertifications) {

        /** Capabilities without certifications. */
        public Capabilities(String authorizationEndpoint, String tokenEndpoint, String registrationEndpoint,
                            List<String> grantTypes, List<String> profiles, List<String> authorizationExtensions,
                            List<String> requiredExtensions, List<String> scopes) {
            this(authorizationEndpoint, tokenEndpoint, registrationEndpoint, grantTypes, profiles, authorizationExtensions,
                    requiredExtensions, scopes, List.of(), List.of());
        }

        /** The same capabilities with the certifications of a community. */
        public Capabilities withCertifications(List<String> supported, List<String> required) {
            return new Capabilities(authorizationEndpoint, tokenEndpoint, registrationEndpoint, grantTypes, profiles,
                    authorizationExtensions, requiredExtensions, scopes, List.copyOf(supported), List.copyOf(required));
        }
    }

    private UdapServerMetadata() {
    }

    /** The metadata JSON object, {@code signed_metadata} included. */
    public static Map<String, Object> document(Capabilities capabilities, String fhirBaseUrl,
                                               TrustCommunity.ServerIdentity identity, Instant now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("udap_versions_supported", List.of("1"));
        json.put("udap_profiles_supported", capabilities.profiles());
        json.put("udap_authorization_extensions_supported", capabilities.authorizationExtensions());
        if (!capabilities.authorizationExtensions().isEmpty()) {
            json.put("udap_authorization_extensions_required", capabilities.requiredExtensions());
        }
        json.put("udap_certifications_supported", capabilities.certifications());
        if (!capabilities.certifications().isEmpty()) {
            json.put("udap_certifications_required", capabilities.requiredCertifications());
        }
        json.put("grant_types_supported", capabilities.grantTypes());
        json.put("scopes_supported", capabilities.scopes());
        if (capabilities.grantTypes().contains(ClientMetadata.AUTHORIZATION_CODE)) {
            json.put("authorization_endpoint", capabilities.authorizationEndpoint());
        }
        json.put("token_endpoint", capabilities.tokenEndpoint());
        json.put("token_endpoint_auth_methods_supported", List.of(ClientMetadata.PRIVATE_KEY_JWT));
        json.put("token_endpoint_auth_signing_alg_values_supported", RegistrationSettings.SUPPORTED_ALGORITHMS);
        json.put("registration_endpoint", capabilities.registrationEndpoint());
        json.put("registration_endpoint_jwt_signing_alg_values_supported", RegistrationSettings.SUPPORTED_ALGORITHMS);
        json.put("signed_metadata", sign(capabilities, fhirBaseUrl, identity, now));
        return json;
    }

    /** The {@code signed_metadata} JWT (RS256, {@code x5c} = the community's server chain). */
    public static String sign(Capabilities capabilities, String fhirBaseUrl, TrustCommunity.ServerIdentity identity,
                              Instant now) {
        if (!(identity.privateKey() instanceof RSAPrivateKey)) {
            throw new IllegalStateException("signed_metadata is RS256: the community's server key must be an RSA key");
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", fhirBaseUrl);
        claims.put("sub", fhirBaseUrl);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(SIGNED_METADATA_LIFETIME).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("token_endpoint", capabilities.tokenEndpoint());
        claims.put("registration_endpoint", capabilities.registrationEndpoint());
        if (capabilities.grantTypes().contains(ClientMetadata.AUTHORIZATION_CODE)) {
            claims.put("authorization_endpoint", capabilities.authorizationEndpoint());
        }
        return X5cJwtSigner.sign(claims, identity.privateKey(), JWSAlgorithm.RS256, identity.chain());
    }
}
