package org.payerauth.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.X509CertUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;

/**
 * A UDAP identity provider for Tiered OAuth tests, in process on loopback, with switchable misbehaviours
 * ({@link Misbehaviour}). Keycloak acts as its OAuth client: it reads {@code /.well-known/udap}, registers with a
 * software statement at {@code /register}, sends the browser to {@code /authorize} (which signs the member in at
 * once, no UI), and redeems the code at {@code /token} with a UDAP client assertion.
 *
 * <p>The base URL is {@code http://localhost:<port>/idp}; it is the {@code iss} and {@code sub} of the signed
 * metadata and the SAN URI of the metadata-signing certificate, which is issued by the community CA given to the
 * constructor (or by another one, {@link #signMetadataWith(CertificateAuthority)}). ID tokens are signed with an
 * RSA key published at {@code /jwks}.
 *
 * <p>Every request is counted ({@link #hits(String)}); registrations, authorize and token requests are recorded for
 * assertions. All accessors are thread-safe and return copies.
 */
public final class TestUdapIdp implements AutoCloseable {

    /** Ways this IdP can misbehave; see {@link #misbehave(Misbehaviour...)}. */
    public enum Misbehaviour {
        /** {@code /.well-known/udap}: {@code scopes_supported} lacks {@code udap}. */
        METADATA_WITHOUT_UDAP_SCOPE,
        /** {@code /.well-known/udap}: no {@code signed_metadata}. */
        METADATA_UNSIGNED,
        /** {@code /.well-known/udap}: signed metadata {@code iss} = base URL + {@code /other} ({@code sub} unchanged). */
        METADATA_WRONG_ISS,
        /** {@code /.well-known/udap}: signed metadata with {@code iat} = now - 2 h, {@code exp} = now - 1 h. */
        METADATA_EXPIRED,
        /** {@code /.well-known/udap}: trickles 1 byte every 500 ms for 60 s, with a Content-Length it never reaches. */
        METADATA_SLOW,
        /** {@code /.well-known/udap}: the good metadata, after 1 s (so that concurrent lookups overlap). */
        METADATA_DELAYED,
        /** {@code /.well-known/udap}: 200 with 10 MiB of JSON-ish bytes, chunked. */
        METADATA_HUGE,
        /** {@code /.well-known/udap}: 200 {@code text/html} garbage. */
        METADATA_NOT_JSON,
        /** {@code /.well-known/udap}: 302 to {@code /.well-known/udap-elsewhere}, which serves the good metadata. */
        METADATA_REDIRECT,
        /** {@code signed_metadata} signs no {@code authorization_endpoint} (the unsigned document still has it). */
        METADATA_AUTHORIZATION_ENDPOINT_UNSIGNED,
        /**
         * {@code /.well-known/openid-configuration}: {@code jwks_uri} on another origin (this IdP's JWKS, addressed
         * as {@code 127.0.0.1} instead of {@code localhost}); the signed metadata names no {@code jwks_uri}.
         */
        JWKS_ON_ANOTHER_ORIGIN,
        /** {@code /authorize}: redirects back with {@code error=access_denied}, no code. */
        AUTHORIZE_ERROR_ACCESS_DENIED,
        /** {@code /authorize}: redirects back with a random {@code state}. */
        AUTHORIZE_WRONG_STATE,
        /** {@code /authorize}: redirects back without {@code state}. */
        AUTHORIZE_NO_STATE,
        /** The authorization response names another issuer in {@code iss} (RFC 9207: a mix-up). */
        AUTHORIZE_WRONG_ISS,
        /** id_token {@code iss} = base URL + {@code /wrong}. */
        ID_TOKEN_WRONG_ISS,
        /** id_token without {@code nonce}. */
        ID_TOKEN_NO_NONCE,
        /** id_token with a random {@code nonce}. */
        ID_TOKEN_WRONG_NONCE,
        /** id_token {@code aud} = {@code someone-else}. */
        ID_TOKEN_WRONG_AUD,
        /** id_token with {@code exp} = now - 600 s, {@code iat} = {@code auth_time} = now - 900 s. */
        ID_TOKEN_EXPIRED,
        /** id_token signed with another RSA key (same {@code kid}) that is not in the JWKS. */
        ID_TOKEN_UNTRUSTED_KEY,
        /** id_token without {@code sub}. */
        ID_TOKEN_NO_SUB,
        /** The next {@code /token} call answers 400 {@code {"error":"invalid_client"}}; then the flag clears itself. */
        TOKEN_INVALID_CLIENT_ONCE,
        /** {@code /register} answers 400 {@code {"error":"invalid_software_statement"}} (the request is still recorded). */
        REGISTER_FAILS
    }

    /**
     * A registration request as received.
     *
     * @param header the software statement's JOSE header ({@code null} if the body had no parseable statement)
     * @param claims the software statement's claims ({@code null} likewise)
     * @param rawBody the request body
     * @param clientId the issued client_id, {@code null} if the registration was refused
     */
    public record Registration(JsonNode header, JsonNode claims, String rawBody, String clientId) {
    }

    public static final String BASE_PATH = "/idp";
    public static final String CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final List<String> SCOPES = List.of("openid", "udap", "email", "profile");
    private static final long SLOW_INTERVAL_MS = 500;
    private static final int SLOW_BYTES = 120; // 60 s
    private static final long DELAY_MS = 1000;
    private static final int HUGE_BYTES = 10 * 1024 * 1024;

    private record Client(String clientId, List<String> redirectUris) {
    }

    private record PendingCode(String clientId, String redirectUri, String nonce, String codeChallenge,
            String codeChallengeMethod, String scope) {
    }

    private final SecureRandom random = new SecureRandom();
    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;
    private final RSAKey idTokenKey;
    private final RSAKey untrustedKey;
    private volatile IssuedCertificate metadataSigner;
    private volatile boolean closed;

    private final Set<Misbehaviour> misbehaviours = EnumSet.noneOf(Misbehaviour.class); // guarded by itself
    private volatile String subject = "alice-at-idp";
    private volatile String email = "alice@member.example";
    private volatile boolean emailUnverified;

    private final AtomicInteger clientCounter = new AtomicInteger();
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, PendingCode> codes = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> accessTokens = new ConcurrentHashMap<>();

    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> metadataRequests = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> authorizeRequests = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
    private volatile Runnable onAuthorize = () -> { };

    /** Starts the IdP; its metadata-signing certificate is issued by {@code community}. */
    public TestUdapIdp(CertificateAuthority community) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-udap-idp");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        baseUrl = "http://localhost:" + server.getAddress().getPort() + BASE_PATH;
        try {
            String kid = "idp-" + UUID.randomUUID();
            idTokenKey = new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .generate();
            untrustedKey = new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        metadataSigner = issueSigner(community);
        server.start();
    }

    // ------------------------------------------------------------------ configuration

    /** {@code http://localhost:<port>/idp}: issuer, SAN URI and prefix of every endpoint. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The certificate (with key and chain) that currently signs {@code signed_metadata}. */
    public IssuedCertificate metadataSigner() {
        return metadataSigner;
    }

    /** Re-issues the metadata-signing certificate (SAN still the base URL) from another CA. */
    public void signMetadataWith(CertificateAuthority other) {
        metadataSigner = issueSigner(other);
    }

    /** Replaces the active misbehaviours with {@code m} (none: behave). */
    public void misbehave(Misbehaviour... m) {
        synchronized (misbehaviours) {
            misbehaviours.clear();
            misbehaviours.addAll(Arrays.asList(m));
        }
    }

    /** Clears all misbehaviours. */
    public void behave() {
        misbehave();
    }

    /** The {@code sub} of the next id_tokens and userinfo answers (default {@code alice-at-idp}). */
    public void subject(String sub) {
        this.subject = sub;
    }

    /** The {@code email} of the next id_tokens and userinfo answers (default {@code alice@member.example}). */
    public void email(String email) {
        this.email = email;
    }

    /** Whether the next id_tokens say {@code email_verified: false}. */
    public void emailUnverified(boolean unverified) {
        this.emailUnverified = unverified;
    }

    // ------------------------------------------------------------------ introspection

    /** Requests so far to {@code pathUnderBase}, e.g. {@code hits("/.well-known/udap")}. */
    public int hits(String pathUnderBase) {
        AtomicInteger count = hits.get(pathUnderBase);
        return count == null ? 0 : count.get();
    }

    public List<Registration> registrations() {
        return List.copyOf(registrations);
    }

    /** The decoded query of each {@code /.well-known/udap} request (e.g. its {@code community}). */
    public List<Map<String, String>> metadataRequests() {
        return copyOfMaps(metadataRequests);
    }

    /** Runs when {@code /authorize} is hit, before it answers (e.g. to change the server's settings mid-login). */
    public void onAuthorize(Runnable hook) {
        onAuthorize = hook == null ? () -> { } : hook;
    }

    /** The decoded query of each {@code /authorize} request. */
    public List<Map<String, String>> authorizeRequests() {
        return copyOfMaps(authorizeRequests);
    }

    /** The decoded form of each {@code /token} request. */
    public List<Map<String, String>> tokenRequests() {
        return copyOfMaps(tokenRequests);
    }

    /**
     * Clears hit counts and the recorded requests; registered clients, pending codes and access tokens stay valid.
     */
    public void resetCounters() {
        hits.clear();
        registrations.clear();
        metadataRequests.clear();
        authorizeRequests.clear();
        tokenRequests.clear();
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow(); // wakes up a trickling METADATA_SLOW handler
    }

    // ------------------------------------------------------------------ dispatch

    private void handle(HttpExchange exchange) {
        try {
            String path = exchange.getRequestURI().getPath();
            if (path == null || !(path.equals(BASE_PATH) || path.startsWith(BASE_PATH + "/"))) {
                hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                text(exchange, 404, "not found");
                return;
            }
            String sub = path.substring(BASE_PATH.length());
            hits.computeIfAbsent(sub, p -> new AtomicInteger()).incrementAndGet();
            String method = exchange.getRequestMethod();
            switch (sub) {
                case "/.well-known/udap" -> {
                    if (requireMethod(exchange, method, "GET")) {
                        udapMetadata(exchange);
                    }
                }
                case "/.well-known/udap-elsewhere" -> {
                    if (requireMethod(exchange, method, "GET")) {
                        json(exchange, 200, metadata(EnumSet.noneOf(Misbehaviour.class)));
                    }
                }
                case "/.well-known/openid-configuration" -> {
                    if (requireMethod(exchange, method, "GET")) {
                        json(exchange, 200, openidConfiguration(active()));
                    }
                }
                case "/register" -> {
                    if (requireMethod(exchange, method, "POST")) {
                        register(exchange);
                    }
                }
                case "/authorize" -> {
                    if (requireMethod(exchange, method, "GET")) {
                        authorize(exchange);
                    }
                }
                case "/token" -> {
                    if (requireMethod(exchange, method, "POST")) {
                        token(exchange);
                    }
                }
                case "/jwks" -> {
                    if (requireMethod(exchange, method, "GET")) {
                        ObjectNode jwks = Http.JSON.createObjectNode();
                        jwks.putArray("keys").add(Http.JSON.valueToTree(idTokenKey.toPublicJWK().toJSONObject()));
                        json(exchange, 200, jwks);
                    }
                }
                case "/userinfo" -> {
                    if (requireMethod(exchange, method, "GET", "POST")) {
                        userinfo(exchange);
                    }
                }
                default -> text(exchange, 404, "not found");
            }
        } catch (Throwable t) {
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            try {
                if (exchange.getResponseCode() == -1) {
                    text(exchange, 500, "test IdP failure: " + t);
                }
            } catch (Throwable ignored) {
                // the client is gone
            }
        } finally {
            exchange.close();
        }
    }

    private static boolean requireMethod(HttpExchange exchange, String method, String... allowed)
            throws IOException {
        for (String a : allowed) {
            if (a.equalsIgnoreCase(method)) {
                return true;
            }
        }
        exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
        text(exchange, 405, "method not allowed");
        return false;
    }

    // ------------------------------------------------------------------ metadata

    private void udapMetadata(HttpExchange exchange) throws IOException, InterruptedException {
        metadataRequests.add(parseQuery(exchange.getRequestURI().getRawQuery()));
        Set<Misbehaviour> active = active();
        if (active.contains(Misbehaviour.METADATA_REDIRECT)) {
            exchange.getResponseHeaders().set("Location", baseUrl + "/.well-known/udap-elsewhere");
            exchange.sendResponseHeaders(302, -1);
            return;
        }
        if (active.contains(Misbehaviour.METADATA_NOT_JSON)) {
            byte[] body = "<!DOCTYPE html><html><head><title>Oops</title></head><body><h1>Welcome to nginx!</h1>"
                    .concat("{{not json</body></html>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            return;
        }
        if (active.contains(Misbehaviour.METADATA_HUGE)) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            byte[] head = "{\"udap_versions_supported\":[\"1\"],\"padding\":\"".getBytes(StandardCharsets.US_ASCII);
            byte[] tail = "\"}".getBytes(StandardCharsets.US_ASCII);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'a');
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(head);
                long remaining = HUGE_BYTES - head.length - tail.length;
                while (remaining > 0 && !closed) {
                    int n = (int) Math.min(chunk.length, remaining);
                    out.write(chunk, 0, n);
                    remaining -= n;
                }
                out.write(tail);
            }
            return;
        }
        byte[] body = Http.JSON.writeValueAsBytes(metadata(active));
        if (active.contains(Misbehaviour.METADATA_SLOW)) {
            // Announces the whole document but sends only its first SLOW_BYTES bytes, one every 500 ms.
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < SLOW_BYTES && i < body.length && !closed; i++) {
                out.write(body[i]);
                out.flush();
                Thread.sleep(SLOW_INTERVAL_MS);
            }
            // no close of the stream: exchange.close() in handle() then drops the connection mid-body
            return;
        }
        if (active.contains(Misbehaviour.METADATA_DELAYED)) {
            Thread.sleep(DELAY_MS);
        }
        sendJsonBytes(exchange, 200, body);
    }

    private ObjectNode metadata(Set<Misbehaviour> active) {
        ObjectNode m = Http.JSON.createObjectNode();
        m.putArray("udap_versions_supported").add("1");
        strings(m.putArray("udap_profiles_supported"), List.of("udap_dcr", "udap_authn", "udap_authz", "udap_to"));
        m.putArray("udap_authorization_extensions_supported");
        m.putArray("udap_certifications_supported");
        m.putArray("udap_certifications_required");
        m.putArray("grant_types_supported").add("authorization_code");
        strings(m.putArray("scopes_supported"), active.contains(Misbehaviour.METADATA_WITHOUT_UDAP_SCOPE)
                ? SCOPES.stream().filter(s -> !s.equals("udap")).toList() : SCOPES);
        m.put("authorization_endpoint", baseUrl + "/authorize");
        m.put("token_endpoint", baseUrl + "/token");
        m.put("registration_endpoint", baseUrl + "/register");
        m.putArray("token_endpoint_auth_methods_supported").add("private_key_jwt");
        m.putArray("token_endpoint_auth_signing_alg_values_supported").add("RS256");
        m.putArray("registration_endpoint_jwt_signing_alg_values_supported").add("RS256");
        if (!active.contains(Misbehaviour.METADATA_UNSIGNED)) {
            m.put("signed_metadata", signedMetadata(active));
        }
        return m;
    }

    private String signedMetadata(Set<Misbehaviour> active) {
        IssuedCertificate signer = metadataSigner;
        Instant now = Instant.now();
        Instant iat = active.contains(Misbehaviour.METADATA_EXPIRED) ? now.minusSeconds(7200) : now;
        Instant exp = active.contains(Misbehaviour.METADATA_EXPIRED) ? now.minusSeconds(3600) : now.plusSeconds(3600);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(active.contains(Misbehaviour.METADATA_WRONG_ISS) ? baseUrl + "/other" : baseUrl)
                .subject(baseUrl)
                .issueTime(Date.from(iat))
                .expirationTime(Date.from(exp))
                .jwtID(UUID.randomUUID().toString())
                .claim("authorization_endpoint", active.contains(Misbehaviour.METADATA_AUTHORIZATION_ENDPOINT_UNSIGNED)
                        ? null : baseUrl + "/authorize")
                .claim("token_endpoint", baseUrl + "/token")
                .claim("registration_endpoint", baseUrl + "/register")
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).x509CertChain(signer.x5c()).build();
        return sign(header, claims, new RSASSASigner(signer.privateKey()));
    }

    private ObjectNode openidConfiguration(Set<Misbehaviour> active) {
        ObjectNode m = Http.JSON.createObjectNode();
        m.put("issuer", baseUrl);
        m.put("authorization_endpoint", baseUrl + "/authorize");
        m.put("token_endpoint", baseUrl + "/token");
        m.put("jwks_uri", active.contains(Misbehaviour.JWKS_ON_ANOTHER_ORIGIN)
                ? baseUrl.replace("//localhost:", "//127.0.0.1:") + "/jwks" : baseUrl + "/jwks");
        m.put("userinfo_endpoint", baseUrl + "/userinfo");
        m.putArray("response_types_supported").add("code");
        m.putArray("subject_types_supported").add("public");
        m.putArray("id_token_signing_alg_values_supported").add("RS256");
        strings(m.putArray("scopes_supported"), SCOPES);
        m.putArray("code_challenge_methods_supported").add("S256");
        return m;
    }

    // ------------------------------------------------------------------ registration

    private void register(HttpExchange exchange) throws IOException {
        String raw = readBody(exchange);
        JsonNode header = null;
        JsonNode claims = null;
        String statement = null;
        try {
            JsonNode body = Http.JSON.readTree(raw);
            JsonNode ss = body == null ? null : body.get("software_statement");
            if (ss != null && ss.isTextual()) {
                statement = ss.asText();
                String[] parts = statement.split("\\.");
                header = Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
                claims = Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            }
        } catch (RuntimeException | IOException e) {
            header = null;
            claims = null;
        }
        if (active().contains(Misbehaviour.REGISTER_FAILS)) {
            registrations.add(new Registration(header, claims, raw, null));
            error(exchange, 400, "invalid_software_statement", "the test IdP refuses every registration");
            return;
        }
        if (claims == null || !claims.isObject()) {
            registrations.add(new Registration(header, claims, raw, null));
            error(exchange, 400, "invalid_software_statement", "no decodable software_statement in the body");
            return;
        }
        String clientId = "tiered-client-" + clientCounter.incrementAndGet();
        List<String> redirectUris = new ArrayList<>();
        JsonNode uris = claims.get("redirect_uris");
        if (uris != null && uris.isArray()) {
            uris.forEach(u -> redirectUris.add(u.asText()));
        }
        clients.put(clientId, new Client(clientId, List.copyOf(redirectUris)));
        registrations.add(new Registration(header, claims, raw, clientId));

        ObjectNode answer = Http.JSON.createObjectNode();
        answer.put("client_id", clientId);
        answer.put("software_statement", statement);
        for (String name : List.of("client_name", "redirect_uris", "grant_types", "response_types",
                "token_endpoint_auth_method", "scope")) {
            JsonNode v = claims.get(name);
            if (v != null) {
                answer.set(name, v.deepCopy());
            }
        }
        json(exchange, 201, answer);
    }

    // ------------------------------------------------------------------ authorize

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> q = parseQuery(exchange.getRequestURI().getRawQuery());
        authorizeRequests.add(q);
        onAuthorize.run();
        String clientId = q.get("client_id");
        String redirectUri = q.get("redirect_uri");
        Client client = clientId == null ? null : clients.get(clientId);
        if (client == null) {
            text(exchange, 400, "unknown client_id: " + clientId);
            return;
        }
        if (redirectUri == null || !client.redirectUris().contains(redirectUri)) {
            text(exchange, 400, "redirect_uri not registered for " + clientId + ": " + redirectUri);
            return;
        }
        Set<Misbehaviour> active = active();
        String state = q.get("state");
        if (active.contains(Misbehaviour.AUTHORIZE_WRONG_STATE)) {
            state = randomToken();
        } else if (active.contains(Misbehaviour.AUTHORIZE_NO_STATE)) {
            state = null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (active.contains(Misbehaviour.AUTHORIZE_ERROR_ACCESS_DENIED)) {
            params.put("error", "access_denied");
            params.put("error_description", "The member declined to sign in");
        } else {
            String code = randomToken();
            codes.put(code, new PendingCode(clientId, redirectUri, q.get("nonce"), q.get("code_challenge"),
                    q.get("code_challenge_method"), q.get("scope")));
            params.put("code", code);
        }
        if (state != null) {
            params.put("state", state);
        }
        params.put("iss", active.contains(Misbehaviour.AUTHORIZE_WRONG_ISS) ? "https://honest-idp.example" : baseUrl);
        String location = redirectUri + (redirectUri.contains("?") ? "&" : "?") + Http.form(params);
        exchange.getResponseHeaders().set("Location", location);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(302, -1);
    }

    // ------------------------------------------------------------------ token

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = parseQuery(readBody(exchange));
        tokenRequests.add(form);
        if (takeOnce(Misbehaviour.TOKEN_INVALID_CLIENT_ONCE)) {
            ObjectNode err = Http.JSON.createObjectNode();
            err.put("error", "invalid_client");
            json(exchange, 400, err);
            return;
        }
        if (!"authorization_code".equals(form.get("grant_type"))) {
            error(exchange, 400, "unsupported_grant_type", "grant_type must be authorization_code");
            return;
        }
        String codeValue = form.get("code");
        PendingCode code = codeValue == null ? null : codes.remove(codeValue); // single use, even when refused
        if (code == null) {
            error(exchange, 400, "invalid_grant", "unknown or already used code");
            return;
        }
        if (!code.redirectUri().equals(form.get("redirect_uri"))) {
            error(exchange, 400, "invalid_grant", "redirect_uri differs from the authorization request's");
            return;
        }
        if (code.codeChallenge() != null) {
            String verifier = form.get("code_verifier");
            if (verifier == null || !Pkce.s256(verifier).equals(code.codeChallenge())) {
                error(exchange, 400, "invalid_grant", "code_verifier does not match the S256 code_challenge");
                return;
            }
        }
        String clientProblem = checkClientAssertion(form, code.clientId());
        if (clientProblem != null) {
            error(exchange, 400, "invalid_client", clientProblem);
            return;
        }
        if (!"1".equals(form.get("udap"))) {
            error(exchange, 400, "invalid_client", "udap=1 is required");
            return;
        }

        Set<Misbehaviour> active = active();
        String sub = subject;
        String mail = email;
        Instant now = Instant.now();
        Instant iat = active.contains(Misbehaviour.ID_TOKEN_EXPIRED) ? now.minusSeconds(900) : now;
        Instant exp = active.contains(Misbehaviour.ID_TOKEN_EXPIRED) ? now.minusSeconds(600) : now.plusSeconds(300);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(active.contains(Misbehaviour.ID_TOKEN_WRONG_ISS) ? baseUrl + "/wrong" : baseUrl)
                .audience(active.contains(Misbehaviour.ID_TOKEN_WRONG_AUD) ? "someone-else" : code.clientId())
                .issueTime(Date.from(iat))
                .expirationTime(Date.from(exp))
                .claim("auth_time", iat.getEpochSecond());
        if (!active.contains(Misbehaviour.ID_TOKEN_NO_SUB)) {
            claims.subject(sub);
        }
        if (active.contains(Misbehaviour.ID_TOKEN_WRONG_NONCE)) {
            claims.claim("nonce", randomToken());
        } else if (code.nonce() != null && !active.contains(Misbehaviour.ID_TOKEN_NO_NONCE)) {
            claims.claim("nonce", code.nonce());
        }
        Map<String, Object> profile = profile(sub, mail);
        profile.forEach((k, v) -> {
            if (!k.equals("sub")) {
                claims.claim(k, v);
            }
        });
        RSAKey signingKey = active.contains(Misbehaviour.ID_TOKEN_UNTRUSTED_KEY) ? untrustedKey : idTokenKey;
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build();
        String idToken;
        try {
            idToken = sign(header, claims.build(), new RSASSASigner(signingKey));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        String accessToken = randomToken();
        accessTokens.put(accessToken, profile);

        ObjectNode answer = Http.JSON.createObjectNode();
        answer.put("access_token", accessToken);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", 300);
        answer.put("scope", String.join(" ", SCOPES));
        answer.put("id_token", idToken);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        json(exchange, 200, answer);
    }

    /** {@code null} when the UDAP client assertion is acceptable for {@code clientId}, else the reason. */
    private static String checkClientAssertion(Map<String, String> form, String clientId) {
        if (!CLIENT_ASSERTION_TYPE.equals(form.get("client_assertion_type"))) {
            return "client_assertion_type must be " + CLIENT_ASSERTION_TYPE;
        }
        if (form.containsKey("client_id") && !clientId.equals(form.get("client_id"))) {
            return "client_id differs from the one the code was issued to";
        }
        String assertion = form.get("client_assertion");
        if (assertion == null) {
            return "client_assertion missing";
        }
        try {
            SignedJWT jwt = SignedJWT.parse(assertion);
            List<com.nimbusds.jose.util.Base64> x5c = jwt.getHeader().getX509CertChain();
            if (x5c == null || x5c.isEmpty()) {
                return "client_assertion has no x5c header";
            }
            X509Certificate leaf = X509CertUtils.parse(x5c.get(0).decode());
            if (leaf == null) {
                return "client_assertion x5c[0] is not a certificate";
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!clientId.equals(claims.getIssuer()) || !clientId.equals(claims.getSubject())) {
                return "client_assertion iss and sub must be " + clientId;
            }
            PublicKey key = leaf.getPublicKey();
            JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(), key);
            if (!jwt.verify(verifier)) {
                return "client_assertion signature does not verify with the x5c leaf key";
            }
            return null;
        } catch (Exception e) {
            return "client_assertion unusable: " + e.getMessage();
        }
    }

    // ------------------------------------------------------------------ userinfo

    private void userinfo(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Map<String, Object> claims = null;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            claims = accessTokens.get(authorization.substring(7).trim());
        }
        if (claims == null) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            error(exchange, 401, "invalid_token", "unknown or missing bearer token");
            return;
        }
        json(exchange, 200, Http.JSON.valueToTree(claims));
    }

    private Map<String, Object> profile(String sub, String mail) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("sub", sub);
        p.put("email", mail);
        p.put("email_verified", !emailUnverified);
        p.put("name", "Alice Member");
        p.put("given_name", "Alice");
        p.put("family_name", "Member");
        p.put("preferred_username", "alice");
        return Collections.unmodifiableMap(p);
    }

    // ------------------------------------------------------------------ helpers

    private IssuedCertificate issueSigner(CertificateAuthority ca) {
        return ca.issue(LeafSpec.builder("Test UDAP IdP " + baseUrl).sanUri(baseUrl)
                .keyAlgorithm(KeyAlgorithm.RSA_2048).build());
    }

    private Set<Misbehaviour> active() {
        synchronized (misbehaviours) {
            return misbehaviours.isEmpty() ? EnumSet.noneOf(Misbehaviour.class) : EnumSet.copyOf(misbehaviours);
        }
    }

    private boolean takeOnce(Misbehaviour m) {
        synchronized (misbehaviours) {
            return misbehaviours.remove(m);
        }
    }

    private String randomToken() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, RSASSASigner signer) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static List<Map<String, String>> copyOfMaps(List<Map<String, String>> list) {
        List<Map<String, String>> copy = new ArrayList<>(list.size());
        list.forEach(m -> copy.add(Collections.unmodifiableMap(new LinkedHashMap<>(m))));
        return Collections.unmodifiableList(copy);
    }

    /** Decodes {@code a=b&c=d} (query or form body); the first value of a repeated name wins. */
    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static String readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void error(HttpExchange exchange, int status, String error, String description)
            throws IOException {
        ObjectNode err = Http.JSON.createObjectNode();
        err.put("error", error);
        err.put("error_description", description);
        json(exchange, status, err);
    }

    private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        sendJsonBytes(exchange, status, Http.JSON.writeValueAsBytes(body));
    }

    private static void sendJsonBytes(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void text(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
