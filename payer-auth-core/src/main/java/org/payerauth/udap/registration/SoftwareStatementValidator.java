package org.payerauth.udap.registration;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.payerauth.udap.RegistrationSettings;
import org.payerauth.udap.UdapException;
import org.payerauth.udap.jose.X5cSignedJwt;
import org.payerauth.udap.pki.CertificateChainValidator;
import org.payerauth.udap.pki.Certificates;
import org.payerauth.udap.pki.TrustCommunity;

/**
 * Validates a UDAP Dynamic Client Registration request (udap.org DCR §4 as the HL7 UDAP Security IG requires it), in
 * this order: request size and JSON shape, {@code udap} version, the software statement's header ({@code alg},
 * {@code x5c}) and signature with the {@code x5c} certificate, the certificate chain to a trust community anchor with
 * validity and revocation, {@code iss} = a SAN URI of that certificate, {@code sub} = {@code iss}, {@code aud} = this
 * registration endpoint, {@code exp}/{@code iat} (lifetime at most 5 minutes), {@code jti}, then the registration
 * parameters. The {@code jti} is recorded in the replay guard last, so a rejected request leaves nothing behind.
 *
 * <p>Errors: {@code invalid_software_statement} (the JWT), {@code unapproved_software_statement} (trust),
 * {@code invalid_client_metadata} and {@code invalid_redirect_uri} (the parameters). {@code certifications} are
 * accepted and ignored (no certification is required by this server).
 */
public final class SoftwareStatementValidator {

    /** Records a {@code jti} as used until it expires; cluster-wide in the glue (Keycloak's single-use store). */
    @FunctionalInterface
    public interface ReplayGuard {
        /** @return false when the key was already used */
        boolean firstUse(String key, long lifespanSeconds);
    }

    private static final Set<String> KNOWN_GRANTS =
            Set.of(ClientMetadata.AUTHORIZATION_CODE, ClientMetadata.CLIENT_CREDENTIALS, ClientMetadata.REFRESH_TOKEN);

    private final CertificateChainValidator chains;
    private final Clock clock;

    public SoftwareStatementValidator(CertificateChainValidator chains, Clock clock) {
        this.chains = chains;
        this.clock = clock;
    }

    /**
     * @param body                 the HTTP request body
     * @param registrationEndpoint this endpoint's URL, exactly as advertised in metadata
     * @param communities          the realm's trust communities (the default one first)
     */
    public ValidatedRegistration validate(String body, String registrationEndpoint, List<TrustCommunity> communities,
                                          RegistrationSettings settings, ReplayGuard replay,
                                          CertificateChainValidator.CrlSource crls,
                                          CertificateChainValidator.Warnings warnings) throws UdapException {
        if (body == null || body.isBlank()) {
            throw UdapException.invalidMetadata("The request body is empty; send {\"software_statement\": ..., \"udap\": \"1\"}");
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > settings.maxRequestBytes()) {
            throw UdapException.invalidMetadata("The request body is larger than " + settings.maxRequestBytes() + " bytes");
        }
        Map<String, Object> request;
        try {
            request = JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw UdapException.invalidMetadata("The request body is not a JSON object");
        }
        Object udap = request.get("udap");
        if (udap == null) {
            throw UdapException.invalidMetadata("Missing parameter: udap (must be \"1\")");
        }
        if (!"1".equals(udap)) {
            throw UdapException.invalidMetadata("Unsupported udap version: only \"1\" is supported");
        }
        Object statementValue = request.get("software_statement");
        if (!(statementValue instanceof String statement)) {
            throw UdapException.invalidStatement("Missing parameter: software_statement (a signed JWT)");
        }

        X5cSignedJwt jwt = X5cSignedJwt.verify(statement, settings.algorithms(), settings.maxX5cCount(),
                settings.maxX5cEntryBytes(), UdapException.INVALID_SOFTWARE_STATEMENT, "software statement");
        TrustCommunity community = trustedCommunity(jwt, communities, crls, warnings);
        Map<String, Object> claims = jwt.claims();

        String iss = string(claims, "iss", UdapException.INVALID_SOFTWARE_STATEMENT);
        if (iss == null) {
            throw UdapException.invalidStatement("Missing claim: iss (the app's URI, a SAN URI of its certificate)");
        }
        if (!Certificates.sanUris(jwt.leaf()).contains(iss)) {
            throw UdapException.invalidStatement("The iss claim does not match any subjectAltName URI of the signing certificate");
        }
        String sub = string(claims, "sub", UdapException.INVALID_SOFTWARE_STATEMENT);
        if (!iss.equals(sub)) {
            throw UdapException.invalidStatement(sub == null ? "Missing claim: sub (must equal iss)" : "The sub claim must equal iss");
        }
        Object aud = claims.get("aud");
        if (aud == null) {
            throw UdapException.invalidStatement("Missing claim: aud (must be this registration endpoint: " + registrationEndpoint + ")");
        }
        if (!(aud instanceof String audience) || !audience.equals(registrationEndpoint)) {
            throw UdapException.invalidStatement("The aud claim must be this registration endpoint as one string: " + registrationEndpoint);
        }
        Instant now = clock.instant();
        Instant exp = time(claims, "exp");
        Instant iat = time(claims, "iat");
        if (exp.isBefore(now.minus(settings.clockSkew()))) {
            throw UdapException.invalidStatement("The software statement has expired (exp is in the past)");
        }
        if (iat.isAfter(now.plus(settings.clockSkew()))) {
            throw UdapException.invalidStatement("The software statement was issued in the future (iat)");
        }
        if (!exp.isAfter(iat)) {
            throw UdapException.invalidStatement("exp must be after iat");
        }
        if (exp.getEpochSecond() - iat.getEpochSecond() > settings.maxStatementLifetime().toSeconds()) {
            throw UdapException.invalidStatement("The software statement lives too long: exp - iat must be at most "
                    + settings.maxStatementLifetime().toSeconds() + " seconds");
        }
        String jti = string(claims, "jti", UdapException.INVALID_SOFTWARE_STATEMENT);
        if (jti == null || jti.isBlank()) {
            throw UdapException.invalidStatement("Missing claim: jti (a unique identifier of this software statement)");
        }

        ClientMetadata metadata = metadata(claims, settings);

        long lifespan = Math.max(1, exp.getEpochSecond() - now.getEpochSecond() + settings.clockSkew().toSeconds());
        if (!replay.firstUse("udap-dcr:" + iss + ":" + jti, lifespan)) {
            throw UdapException.invalidStatement("This software statement (jti) was already used; sign a new one");
        }
        return new ValidatedRegistration(statement, iss, community, jwt.leaf(), Certificates.sha256Thumbprint(jwt.leaf()),
                jti, exp, metadata);
    }

    /** The first community (default first) whose anchors the signing certificate chains to. */
    private TrustCommunity trustedCommunity(X5cSignedJwt jwt, List<TrustCommunity> communities,
                                            CertificateChainValidator.CrlSource crls,
                                            CertificateChainValidator.Warnings warnings) throws UdapException {
        if (communities.isEmpty()) {
            throw UdapException.unapproved("This server has no trust community configured");
        }
        UdapException first = null;
        for (TrustCommunity community : communities) {
            try {
                chains.validate(jwt.leaf(), jwt.others(), community, crls, warnings);
                return community;
            } catch (UdapException e) {
                if (first == null || (communities.size() > 1 && !e.description().startsWith("The certificate does not chain"))) {
                    first = e;
                }
            }
        }
        if (communities.size() > 1 && first.description().startsWith("The certificate does not chain")) {
            throw UdapException.unapproved("The certificate does not chain to a trust anchor of any trust community of this server");
        }
        throw first;
    }

    private static ClientMetadata metadata(Map<String, Object> claims, RegistrationSettings settings) throws UdapException {
        if (!claims.containsKey("grant_types")) {
            throw UdapException.invalidMetadata("Missing parameter: grant_types (an empty array cancels a registration)");
        }
        List<String> grants = strings(claims, "grant_types");
        for (String grant : grants) {
            if (!KNOWN_GRANTS.contains(grant)) {
                throw UdapException.invalidMetadata("Unsupported grant type in grant_types; use authorization_code, "
                        + "refresh_token or client_credentials");
            }
        }
        if (grants.size() != Set.copyOf(grants).size()) {
            throw UdapException.invalidMetadata("grant_types contains duplicates");
        }
        boolean code = grants.contains(ClientMetadata.AUTHORIZATION_CODE);
        boolean credentials = grants.contains(ClientMetadata.CLIENT_CREDENTIALS);
        if (!grants.isEmpty() && code == credentials) {
            throw UdapException.invalidMetadata("grant_types must contain exactly one of authorization_code and client_credentials");
        }
        if (grants.contains(ClientMetadata.REFRESH_TOKEN) && !code) {
            throw UdapException.invalidMetadata("refresh_token is only allowed together with authorization_code");
        }

        String clientName = string(claims, "client_name", UdapException.INVALID_CLIENT_METADATA);
        if (clientName == null || clientName.isBlank()) {
            throw UdapException.invalidMetadata("Missing parameter: client_name");
        }
        List<String> contacts = claims.containsKey("contacts") ? strings(claims, "contacts") : List.of();
        if (contacts.stream().noneMatch(c -> c.toLowerCase(Locale.ROOT).startsWith("mailto:") && c.length() > 7)) {
            throw UdapException.invalidMetadata("contacts must contain at least one mailto: URI");
        }
        String authMethod = string(claims, "token_endpoint_auth_method", UdapException.INVALID_CLIENT_METADATA);
        if (authMethod == null) {
            throw UdapException.invalidMetadata("Missing parameter: token_endpoint_auth_method (private_key_jwt)");
        }
        if (!ClientMetadata.PRIVATE_KEY_JWT.equals(authMethod)
                && !(ClientMetadata.CLIENT_SECRET_BASIC.equals(authMethod) && settings.clientSecretBasicAllowed())) {
            throw UdapException.invalidMetadata(settings.clientSecretBasicAllowed()
                    ? "token_endpoint_auth_method must be private_key_jwt or client_secret_basic"
                    : "token_endpoint_auth_method must be private_key_jwt");
        }

        List<String> redirectUris = claims.containsKey("redirect_uris") ? strings(claims, "redirect_uris") : List.of();
        List<String> responseTypes = claims.containsKey("response_types") ? strings(claims, "response_types") : List.of();
        String logoUri = string(claims, "logo_uri", UdapException.INVALID_CLIENT_METADATA);
        String scope = string(claims, "scope", UdapException.INVALID_CLIENT_METADATA);

        if (grants.isEmpty()) {
            return new ClientMetadata(clientName, grants, List.of(), List.of(), null, contacts, scope, authMethod);
        }
        if (scope == null || scope.isBlank()) {
            throw UdapException.invalidMetadata("Missing parameter: scope (space-separated scopes the app asks for)");
        }
        if (code) {
            if (redirectUris.isEmpty()) {
                throw new UdapException(UdapException.INVALID_REDIRECT_URI, "redirect_uris is required for authorization_code");
            }
            for (String redirect : redirectUris) {
                checkRedirectUri(redirect, settings);
            }
            if (!List.of("code").equals(responseTypes)) {
                throw UdapException.invalidMetadata("response_types must be [\"code\"] for authorization_code");
            }
            if (logoUri == null || !isHttps(logoUri)) {
                throw UdapException.invalidMetadata("logo_uri (an https URL of a PNG, JPG or GIF) is required for authorization_code");
            }
        } else {
            if (claims.containsKey("redirect_uris")) {
                throw new UdapException(UdapException.INVALID_REDIRECT_URI, "redirect_uris must be omitted for client_credentials");
            }
            if (claims.containsKey("response_types")) {
                throw UdapException.invalidMetadata("response_types must be omitted for client_credentials");
            }
        }
        return new ClientMetadata(clientName, grants, responseTypes, redirectUris, code ? logoUri : null, contacts,
                scope.trim(), authMethod);
    }

    private static void checkRedirectUri(String redirect, RegistrationSettings settings) throws UdapException {
        URI uri;
        try {
            uri = new URI(redirect);
        } catch (URISyntaxException e) {
            throw new UdapException(UdapException.INVALID_REDIRECT_URI, "A redirect URI is not a valid URI");
        }
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawFragment() != null) {
            throw new UdapException(UdapException.INVALID_REDIRECT_URI, "Redirect URIs must be absolute URLs without a fragment");
        }
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            return;
        }
        boolean loopback = "http".equalsIgnoreCase(uri.getScheme())
                && ("localhost".equalsIgnoreCase(uri.getHost()) || "127.0.0.1".equals(uri.getHost()));
        if (loopback && settings.localhostRedirectsAllowed()) {
            return;
        }
        throw new UdapException(UdapException.INVALID_REDIRECT_URI, loopback
                ? "http://localhost redirect URIs are only accepted when the realm's development switch allows them"
                : "Redirect URIs must use https");
    }

    private static boolean isHttps(String value) {
        try {
            URI uri = new URI(value);
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String string(Map<String, Object> claims, String name, String errorCode) throws UdapException {
        Object value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new UdapException(errorCode, name + " must be a string");
        }
        return s;
    }

    private static List<String> strings(Map<String, Object> claims, String name) throws UdapException {
        Object value = claims.get(name);
        if (!(value instanceof List<?> list)) {
            throw UdapException.invalidMetadata(name + " must be an array of strings");
        }
        List<String> result = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw UdapException.invalidMetadata(name + " must be an array of strings");
            }
            result.add(s);
        }
        return result;
    }

    private static Instant time(Map<String, Object> claims, String name) throws UdapException {
        Object value = claims.get(name);
        if (value == null) {
            throw UdapException.invalidStatement("Missing claim: " + name);
        }
        if (!(value instanceof Number number)) {
            throw UdapException.invalidStatement(name + " must be a number (seconds since the epoch)");
        }
        try {
            return Instant.ofEpochSecond(number.longValue());
        } catch (java.time.DateTimeException e) {
            throw UdapException.invalidStatement(name + " is out of range");
        }
    }
}
