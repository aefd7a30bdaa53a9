package org.payerauth.udap.tiered;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.payerauth.oauth.SpaceDelimited;
import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;

/**
 * The Tiered OAuth trigger (UDAP Tiered OAuth §2, HL7 UDAP IG 2.0 §6.1; U3): an authorization request whose
 * {@code scope} contains {@code udap} and that carries {@code idp=<the IdP's base URL>}. The {@code idp} value may
 * itself carry {@code ?community=<uri>} (udap-dotnet's convention), which selects the community the IdP's metadata is
 * asked for; it is stripped from the base URL. Without the {@code udap} scope the {@code idp} parameter has no
 * defined meaning and is ignored.
 *
 * @param idp       the IdP's base URL, as its metadata must name itself ({@code iss})
 * @param community the community asked for, if any
 */
public record TieredRequest(String idp, Optional<String> community) {

    public static final String UDAP_SCOPE = "udap";
    public static final String OPENID_SCOPE = "openid";
    public static final String IDP_PARAMETER = "idp";
    public static final String COMMUNITY_PARAMETER = "community";
    /** Keycloak keeps extra authorization parameters up to 2000 characters; an {@code idp} is far shorter. */
    public static final int MAX_IDP_LENGTH = 1024;

    /**
     * @param scope the request's {@code scope} parameter (may be null)
     * @param idp   the request's {@code idp} parameter (may be null)
     * @return the Tiered request, or empty when this is no Tiered OAuth request
     * @throws UdapException {@link Reason#INVALID_IDP_PARAMETER} when {@code udap} is asked for with an {@code idp}
     *                       that is not an absolute http(s) URL without user info, fragment or other query parameters
     */
    public static Optional<TieredRequest> parse(String scope, String idp) throws UdapException {
        if (!hasScope(scope, UDAP_SCOPE) || idp == null || idp.isEmpty()) {
            return Optional.empty();
        }
        if (idp.length() > MAX_IDP_LENGTH) {
            throw invalid("The idp parameter is longer than " + MAX_IDP_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(idp);
        } catch (URISyntaxException e) {
            throw invalid("The idp parameter is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                || uri.getHost().isEmpty()) {
            throw invalid("The idp parameter must be the identity provider's absolute https URL (its base URL, the iss "
                    + "of its UDAP metadata)");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("The idp parameter must not contain user information (user@host)");
        }
        if (uri.getRawFragment() != null) {
            throw invalid("The idp parameter must not contain a fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (Arrays.asList(path.split("/")).contains("..") || Arrays.asList(path.split("/")).contains(".")) {
            throw invalid("The idp parameter's path must not contain '.' or '..' segments");
        }
        Optional<String> community = Optional.empty();
        if (uri.getRawQuery() != null) {
            String query = uri.getRawQuery();
            String prefix = COMMUNITY_PARAMETER + "=";
            if (!query.startsWith(prefix) || query.contains("&") || query.length() == prefix.length()) {
                throw invalid("The idp parameter may carry only ?community=<community URI> as its query");
            }
            community = Optional.of(URLDecoder.decode(query.substring(prefix.length()), StandardCharsets.UTF_8));
        }
        String base = idp.substring(0, idp.length() - (uri.getRawQuery() == null ? 0 : uri.getRawQuery().length() + 1));
        return Optional.of(new TieredRequest(base, community));
    }

    /** Whether the space-separated {@code scope} contains {@code name}. */
    public static boolean hasScope(String scope, String name) {
        return SpaceDelimited.contains(scope, name);
    }

    /** Where the IdP's UDAP metadata is: {@code {idp}/.well-known/udap}, with the community if one was asked for. */
    public URI metadataUrl() {
        String base = idp.endsWith("/") ? idp.substring(0, idp.length() - 1) : idp;
        return URI.create(base + "/.well-known/udap" + community
                .map(c -> "?" + COMMUNITY_PARAMETER + "=" + URLEncoder.encode(c, StandardCharsets.UTF_8)).orElse(""));
    }

    private static UdapException invalid(String description) {
        return new UdapException(Reason.INVALID_IDP_PARAMETER, description);
    }
}
