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
 * What a login needs from an identity provider whose signed metadata verified (U4): the endpoints, each taken from
 * the <em>signed</em> claims ({@link SignedMetadataVerifier}), and the community that vouched for it. The IdP must
 * support Tiered OAuth: {@code openid} and {@code udap} in {@code scopes_supported}, and a signed authorization, token
 * and registration endpoint, each an absolute URL. An unsigned {@code authorization_endpoint} is never used (security
 * review 2 L2): it is where members type their credentials.
 *
 * <p>The JWKS that verifies the IdP's ID tokens ({@link #jwksUri}) is the signed metadata's {@code jwks_uri} when it
 * signs one; otherwise the (unsigned) OpenID configuration's, and only on the issuer's own origin.
 *
 * @param issuer                the IdP's base URL
 * @param communityUri          the trust community whose anchor its certificate chains to
 * @param authorizationEndpoint where the member signs in
 * @param tokenEndpoint         where the code is exchanged (with a UDAP client assertion)
 * @param registrationEndpoint  where this server registers itself (UDAP DCR)
 * @param expiresAt             the signed metadata's {@code exp}
 * @param signedJwksUri         the signed metadata's {@code jwks_uri}, or null if it signs none
 */
public record TieredIdpMetadata(String issuer, String communityUri, String authorizationEndpoint, String tokenEndpoint,
                                String registrationEndpoint, Instant expiresAt, String signedJwksUri) {

    /** Metadata that signs no {@code jwks_uri}. */
    public TieredIdpMetadata(String issuer, String communityUri, String authorizationEndpoint, String tokenEndpoint,
                             String registrationEndpoint, Instant expiresAt) {
        this(issuer, communityUri, authorizationEndpoint, tokenEndpoint, registrationEndpoint, expiresAt, null);
    }

    /** @param allowInsecure whether http endpoints are accepted (development switch) */
    public static TieredIdpMetadata of(SignedMetadataVerifier.Verified verified, boolean allowInsecure) throws UdapException {
        Object scopes = verified.metadata().get("scopes_supported");
        if (!(scopes instanceof List<?> list) || !list.contains(TieredRequest.OPENID_SCOPE)
                || !list.contains(TieredRequest.UDAP_SCOPE)) {
            throw refuse("The identity provider's scopes_supported must list openid and udap (it does not offer Tiered OAuth)");
        }
        String jwks = verified.signedString("jwks_uri");
        return new TieredIdpMetadata(verified.issuer(), verified.community().uri(),
                signedEndpoint(verified, "authorization_endpoint", allowInsecure),
                signedEndpoint(verified, "token_endpoint", allowInsecure),
                signedEndpoint(verified, "registration_endpoint", allowInsecure), verified.expiresAt(),
                jwks == null ? null : url(jwks, "jwks_uri", allowInsecure).toString());
    }

    /** The same IdP reached through another of this server's communities (the one a registration was made in). */
    public TieredIdpMetadata inCommunity(String otherCommunityUri) {
        return new TieredIdpMetadata(issuer, otherCommunityUri, authorizationEndpoint, tokenEndpoint, registrationEndpoint,
                expiresAt, signedJwksUri);
    }

    /**
     * The JWKS URL this server verifies the IdP's ID tokens with: the signed {@code jwks_uri} if the metadata signs
     * one (the OpenID configuration's is then ignored), else {@code fromOpenIdConfiguration} if it is on the issuer's
     * origin (scheme, host and port of {@link #issuer}).
     *
     * @param fromOpenIdConfiguration the {@code jwks_uri} of the IdP's (unsigned) OpenID configuration, or null
     */
    public String jwksUri(String fromOpenIdConfiguration, boolean allowInsecure) throws UdapException {
        if (signedJwksUri != null) {
            return signedJwksUri;
        }
        if (fromOpenIdConfiguration == null || fromOpenIdConfiguration.isBlank()) {
            throw refuse("The identity provider names no jwks_uri (needed to verify its ID tokens)");
        }
        URI jwks = url(fromOpenIdConfiguration, "jwks_uri", allowInsecure);
        if (!sameOrigin(jwks, URI.create(issuer))) {
            throw refuse("The identity provider's jwks_uri " + fromOpenIdConfiguration + " is not on its own origin and "
                    + "not in its signed metadata, so it cannot vouch for its ID tokens");
        }
        return fromOpenIdConfiguration;
    }

    /** Whether {@code stored} is a JWKS URL {@link #jwksUri} could have given (a registration kept from before). */
    public boolean allowsJwksUri(String stored, boolean allowInsecure) {
        if (stored == null) {
            return false;
        }
        if (signedJwksUri != null) {
            return signedJwksUri.equals(stored);
        }
        try {
            return jwksUri(stored, allowInsecure).equals(stored);
        } catch (UdapException e) {
            return false;
        }
    }

    private static String signedEndpoint(SignedMetadataVerifier.Verified verified, String name, boolean allowInsecure)
            throws UdapException {
        String value = verified.signedString(name);
        if (value == null || value.isBlank()) {
            throw refuse("The identity provider's signed_metadata must sign " + name + " (an unsigned value is not used)");
        }
        url(value, name, allowInsecure);
        return value;
    }

    private static URI url(String value, String name, boolean allowInsecure) throws UdapException {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawFragment() != null
                    || !(scheme.equals("https") || (allowInsecure && scheme.equals("http")))) {
                throw refuse("The identity provider's " + name + " must be an absolute https URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw refuse("The identity provider's " + name + " is not a valid URL");
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && b.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static UdapException refuse(String description) {
        return new UdapException(Reason.UNTRUSTED_IDENTITY_PROVIDER, description);
    }
}
