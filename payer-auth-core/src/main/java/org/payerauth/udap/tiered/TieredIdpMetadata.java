package org.payerauth.udap.tiered;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;
import org.payerauth.udap.metadata.SignedMetadataVerifier;

/**
 * What a login needs from an identity provider whose signed metadata verified (U4): the endpoints, taken from the
 * signed claims where signed ({@link SignedMetadataVerifier}), and the community that vouched for it. The IdP must
 * support Tiered OAuth: {@code openid} and {@code udap} in {@code scopes_supported}, an authorization, token and
 * registration endpoint, each an absolute URL.
 *
 * @param issuer                the IdP's base URL
 * @param communityUri          the trust community whose anchor its certificate chains to
 * @param authorizationEndpoint where the member signs in
 * @param tokenEndpoint         where the code is exchanged (with a UDAP client assertion)
 * @param registrationEndpoint  where this server registers itself (UDAP DCR)
 * @param expiresAt             the signed metadata's {@code exp}
 */
public record TieredIdpMetadata(String issuer, String communityUri, String authorizationEndpoint, String tokenEndpoint,
                                String registrationEndpoint, Instant expiresAt) {

    /** @param allowInsecure whether http endpoints are accepted (development switch) */
    public static TieredIdpMetadata of(SignedMetadataVerifier.Verified verified, boolean allowInsecure) throws UdapException {
        Object scopes = verified.metadata().get("scopes_supported");
        if (!(scopes instanceof List<?> list) || !list.contains(TieredRequest.OPENID_SCOPE)
                || !list.contains(TieredRequest.UDAP_SCOPE)) {
            throw refuse("The identity provider's scopes_supported must list openid and udap (it does not offer Tiered OAuth)");
        }
        return new TieredIdpMetadata(verified.issuer(), verified.community().uri(),
                endpoint(verified, "authorization_endpoint", allowInsecure),
                endpoint(verified, "token_endpoint", allowInsecure),
                endpoint(verified, "registration_endpoint", allowInsecure), verified.expiresAt());
    }

    private static String endpoint(SignedMetadataVerifier.Verified verified, String name, boolean allowInsecure)
            throws UdapException {
        String value = verified.string(name);
        if (value == null || value.isBlank()) {
            throw refuse("The identity provider's metadata has no " + name);
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawFragment() != null
                    || !(scheme.equals("https") || (allowInsecure && scheme.equals("http")))) {
                throw refuse("The identity provider's " + name + " must be an absolute https URL");
            }
        } catch (URISyntaxException e) {
            throw refuse("The identity provider's " + name + " is not a valid URL");
        }
        return value;
    }

    private static UdapException refuse(String description) {
        return new UdapException(Reason.UNTRUSTED_IDENTITY_PROVIDER, description);
    }
}
