package org.payerauth.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * S4: UDAP Tiered OAuth, warm: a member signs in at their own identity provider (realm {@code member-idp} of
 * {@code ./run.sh}) and the payer brokers, per virtual user. Each virtual user is a browser that keeps its
 * member-idp SSO cookie and the consents it gave in set-up (a first full login answers every form: the member-idp
 * login and consent, the payer re-authentication that links alice, the SMART consent), but drops the payer-realm
 * cookies before each login, so the payer brokers every time and the upstream step is non-interactive. One op =
 * authorize → broker → member-idp (SSO) → broker endpoint → post-broker login (SMART picker, consent) → code →
 * token 200 with {@code patient}.
 * A = UDAP Tiered OAuth ({@code udap} scope, {@code idp=<member-idp>}, demo app {@code tiered-demo-app}): the IdP
 * trust verdict is cached, the code is exchanged with a UDAP client assertion, the ID token checked;
 * B = Keycloak's stock {@code oidc} identity provider to the same upstream ({@code kc_idp_hint}, no {@code udap}):
 * client {@value #STOCK_CLIENT} (client secret) in member-idp, identity provider {@value #STOCK_ALIAS} in payer
 * with the same post-broker-login flow, alice linked beforehand (both created in set-up, removed in tear-down).
 * Each op creates a payer user session on both sides.
 *
 * <p>Metadata fetches: the warm path should fetch no IdP metadata. With {@code --access-log FILE}, the requests for
 * member-idp's {@code /.well-known/udap}, {@code /.well-known/openid-configuration} and
 * {@code /clients-registrations/udap} in Keycloak's HTTP access log are counted during each A measurement (the
 * upstream is the same server, so its inbound requests are the payer's outbound fetches). Start Keycloak with the
 * access log written to a file:
 * <pre>./run.sh -- --http-access-log-enabled=true --log=console,file --log-file=/tmp/kc.log
 * java -jar benchmarks/target/payer-auth-bench.jar --scenarios tiered --access-log /tmp/kc.log</pre>
 */
final class TieredScenario {

    static final String CLIENT = "tiered-demo-app";
    static final String REDIRECT = LaunchScenario.REDIRECT;
    static final String UPSTREAM_REALM = "member-idp";
    static final String TIERED_SCOPE = "openid udap launch/patient patient/*.rs";
    static final String STOCK_SCOPE = "openid launch/patient patient/*.rs";
    static final String STOCK_CLIENT = "bench-stock-broker";
    static final String STOCK_ALIAS = "bench-stock-oidc";
    static final String POST_BROKER_FLOW = "payer tiered post broker login";
    static final String USER = "alice";
    /** The member-idp metadata requests counted in the access log. */
    static final List<String> METADATA = List.of(".well-known/udap", ".well-known/openid-configuration", "clients-registrations/udap");

    /** The inputs a browser submits without the user typing: hidden ones and ticked checkboxes (the SMART consent's scopes). */
    private static final Pattern SUBMITTED = Pattern.compile("<input[^>]*type=\"(?:hidden\"|checkbox\"[^>]*\\schecked)[^>]*>");
    private static final Pattern NAME = Pattern.compile("\\sname=\"([^\"]*)\"");
    private static final Pattern VALUE = Pattern.compile("\\svalue=\"([^\"]*)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Server server;
    private final Server upstream;
    private final AccessLog accessLog;
    private final List<Browser> browsers = new ArrayList<>();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private String fetches;
    private String payerUserId;
    private String upstreamClientUuid;

    private record Browser(HttpClient client, BrowserSupport.CookieJar jar) {
    }

    /** @param accessLog Keycloak's log file with the HTTP access log, or null (no metadata counts) */
    TieredScenario(Server server, Path accessLog) {
        this.server = server;
        this.upstream = server.inRealm(UPSTREAM_REALM);
        this.accessLog = accessLog == null ? null : new AccessLog(accessLog);
    }

    /** B's client and identity provider (replacing leftovers of an earlier run), then one signed-in browser per thread. */
    void setUp(int threads) {
        if (!server.admin("GET", "/authentication/flows", null).body().contains("\"alias\":\"" + POST_BROKER_FLOW + "\"")) {
            throw new IllegalStateException("realm " + server.realm + " has no flow '" + POST_BROKER_FLOW + "'");
        }
        payerUserId = userId(server);
        String upstreamUserId = userId(upstream);
        removeStock();
        String secret = Long.toHexString(RANDOM.nextLong()) + Long.toHexString(RANDOM.nextLong());
        Map<String, Object> client = Map.of("clientId", STOCK_CLIENT, "enabled", true, "protocol", "openid-connect",
                "publicClient", false, "clientAuthenticatorType", "client-secret", "secret", secret,
                "standardFlowEnabled", true, "directAccessGrantsEnabled", false, "consentRequired", false,
                "redirectUris", List.of(server.realmUrl() + "/broker/" + STOCK_ALIAS + "/endpoint"));
        var created = upstream.admin("POST", "/clients", JSONObjectUtils.toJSONString(client));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("client " + STOCK_CLIENT + " not created in " + UPSTREAM_REALM + ": " + created.body());
        }
        String location = created.headers().firstValue("Location").orElseThrow();
        upstreamClientUuid = location.substring(location.lastIndexOf('/') + 1);

        Map<String, Object> discovery = Server.json(server.send(HttpRequest.newBuilder(
                URI.create(upstream.realmUrl() + "/.well-known/openid-configuration")).GET().build()));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("authorizationUrl", discovery.get("authorization_endpoint"));
        config.put("tokenUrl", discovery.get("token_endpoint"));
        config.put("jwksUrl", discovery.get("jwks_uri"));
        config.put("issuer", discovery.get("issuer"));
        config.put("clientId", STOCK_CLIENT);
        config.put("clientSecret", secret);
        config.put("clientAuthMethod", "client_secret_post");
        config.put("validateSignature", "true");
        config.put("useJwksUrl", "true");
        config.put("pkceEnabled", "true");
        config.put("pkceMethod", "S256");
        config.put("syncMode", "IMPORT");
        config.put("defaultScope", "openid email profile");
        Map<String, Object> idp = Map.of("alias", STOCK_ALIAS, "providerId", "oidc", "enabled", true, "hideOnLogin", true,
                "firstBrokerLoginFlowAlias", "first broker login", "postBrokerLoginFlowAlias", POST_BROKER_FLOW, "config", config);
        var added = server.admin("POST", "/identity-provider/instances", JSONObjectUtils.toJSONString(idp));
        if (added.statusCode() != 201) {
            throw new IllegalStateException("identity provider " + STOCK_ALIAS + " not created: " + added.body());
        }
        var linked = server.admin("POST", "/users/" + payerUserId + "/federated-identity/" + STOCK_ALIAS, JSONObjectUtils.toJSONString(
                Map.of("identityProvider", STOCK_ALIAS, "userId", upstreamUserId, "userName", USER)));
        if (linked.statusCode() != 204 && linked.statusCode() != 200) {
            throw new IllegalStateException(USER + " not linked to " + STOCK_ALIAS + ": HTTP " + linked.statusCode() + " " + linked.body());
        }

        AccessLog.Mark mark = accessLog == null ? null : accessLog.mark();
        for (int t = 0; t < threads; t++) {
            BrowserSupport.CookieJar jar = new BrowserSupport.CookieJar();
            Browser browser = new Browser(HttpClient.newBuilder().cookieHandler(jar).followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10)).build(), jar);
            signIn(browser, true);
            signIn(browser, false);
            browsers.add(browser);
        }
        fetches = mark == null ? null : "| _set-up (first login per browser): metadata fetches " + accessLog.since(mark) + "_ | | | | | |";
    }

    /** Removes B's identity provider (and alice's link to it) and its client at member-idp; what is not there is skipped. */
    void tearDown() {
        if (payerUserId != null) {
            server.admin("DELETE", "/users/" + payerUserId + "/federated-identity/" + STOCK_ALIAS, null);
        }
        removeStock();
    }

    private void removeStock() {
        server.admin("DELETE", "/identity-provider/instances/" + STOCK_ALIAS, null);
        upstream.clientUuid(STOCK_CLIENT).ifPresent(id -> upstream.admin("DELETE", "/clients/" + id, null));
        upstreamClientUuid = null;
    }

    private static String userId(Server realm) {
        var users = realm.admin("GET", "/users?exact=true&username=" + USER, null);
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(users.body());
        if (users.statusCode() != 200 || !id.find()) {
            throw new IllegalStateException("no user " + USER + " in realm " + realm.realm + ": " + users.body());
        }
        return id.group(1);
    }

    /** A first login of the browser on one side, answering every form (logins with alice/alice, consents). */
    private void signIn(Browser browser, boolean tiered) {
        browser.jar().dropPath("/realms/" + server.realm + "/");
        HttpResponse<String> response = BrowserSupport.send(browser.client(), HttpRequest.newBuilder(URI.create(
                authorizeUrl(tiered, BrowserSupport.challenge("x".repeat(43))))).GET().build());
        for (int step = 0; step < 24; step++) {
            if (response.statusCode() == 302 || response.statusCode() == 303) {
                String location = response.headers().firstValue("Location").orElseThrow();
                if (location.startsWith(REDIRECT)) {
                    Map<String, String> params = BrowserSupport.query(location);
                    if (params.get("code") == null) {
                        throw new IllegalStateException((tiered ? "Tiered" : "stock broker") + " login in set-up ended with "
                                + params.get("error") + ": " + params.get("error_description"));
                    }
                    return;
                }
                response = BrowserSupport.send(browser.client(), HttpRequest.newBuilder(response.uri().resolve(location)).GET().build());
                continue;
            }
            String body = response.body();
            Map<String, String> form = submitted(body);
            if (body.contains("kc-form-login")) {
                form.put("username", USER);
                form.put("password", USER);
            } else if (body.contains("smart-consent")) {
                form.put("accept", "Allow");
            } else if (body.contains("kc-oauth")) {
                form.put("accept", "Yes");
            } else {
                throw new IllegalStateException("unexpected page during set-up at " + response.uri() + ": HTTP "
                        + response.statusCode() + " " + body.substring(0, Math.min(400, body.length())));
            }
            Matcher action = BrowserSupport.ACTION.matcher(body);
            if (!action.find()) {
                throw new IllegalStateException("no form at " + response.uri());
            }
            URI target = response.uri().resolve(action.group(1).replace("&amp;", "&"));
            response = BrowserSupport.send(browser.client(), HttpRequest.newBuilder(target).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(Server.form(form))).build());
        }
        throw new IllegalStateException("sign-in did not finish");
    }

    Measurement.Result measure(boolean tiered, int threads, int seconds) {
        Map<Long, Browser> byThread = new ConcurrentHashMap<>();
        List<Browser> pool = new ArrayList<>(browsers);
        firstFailure.set(null);
        fetches = null;
        AccessLog.Mark mark = tiered && accessLog != null ? accessLog.mark() : null;
        Measurement.Result result = Measurement.run(server, tiered ? "tiered (A, UDAP Tiered, warm)" : "oidc-broker (B, stock)",
                threads, seconds, Integer.MAX_VALUE, i -> {
                    Browser browser = byThread.computeIfAbsent(Thread.currentThread().getId(), id -> {
                        synchronized (pool) {
                            return pool.remove(0);
                        }
                    });
                    browser.jar().dropPath("/realms/" + server.realm + "/");
                    String verifier = BrowserSupport.verifier();
                    HttpResponse<String> response = BrowserSupport.send(browser.client(), HttpRequest.newBuilder(
                            URI.create(authorizeUrl(tiered, BrowserSupport.challenge(verifier)))).GET().build());
                    String location = "";
                    for (int step = 0; ; step++) {
                        location = response.headers().firstValue("Location").orElse("");
                        if ((response.statusCode() != 302 && response.statusCode() != 303) || step == 16) {
                            return fail("HTTP " + response.statusCode() + " at " + response.uri().getPath() + page(response.body()));
                        }
                        if (location.startsWith(REDIRECT)) {
                            break;
                        }
                        response = BrowserSupport.send(browser.client(), HttpRequest.newBuilder(response.uri().resolve(location)).GET().build());
                    }
                    Map<String, String> params = BrowserSupport.query(location);
                    if (params.get("code") == null) {
                        return fail(params.get("error") + ": " + params.get("error_description"));
                    }
                    Map<String, String> form = new LinkedHashMap<>();
                    form.put("grant_type", "authorization_code");
                    form.put("client_id", CLIENT);
                    form.put("code", params.get("code"));
                    form.put("redirect_uri", REDIRECT);
                    form.put("code_verifier", verifier);
                    HttpResponse<String> token = server.postForm(server.tokenEndpoint(), form);
                    return token.statusCode() == 200 && token.body().contains("\"patient\"")
                            || fail("token: HTTP " + token.statusCode() + " " + token.body());
                });
        if (firstFailure.get() != null) {
            System.err.println(result.name() + ": first failure: " + firstFailure.get());
        }
        if (mark != null) {
            fetches = "| _metadata fetches during A: " + accessLog.since(mark) + "_ | | | | | |";
        }
        return result;
    }

    /** The markdown row with the metadata fetches of the measurement (A) or set-up just done, if counted; once. */
    Optional<String> fetches() {
        Optional<String> row = Optional.ofNullable(fetches);
        fetches = null;
        return row;
    }

    private static final Pattern PAGE_MARK = Pattern.compile("id=\"(kc-[a-z-]+|smart-[a-z-]+)\"|class=\"[^\"]*(alert-[a-z]+)[^\"]*\"[^>]*>\\s*(?:<[^>]+>\\s*)*([^<]{0,160})");

    /** What page a failed step showed: its form ids and alert text, so a failure says which form interrupted. */
    private static String page(String body) {
        StringBuilder marks = new StringBuilder();
        Matcher mark = PAGE_MARK.matcher(body == null ? "" : body);
        while (mark.find() && marks.length() < 400) {
            marks.append(' ').append(mark.group(1) != null ? mark.group(1) : mark.group(2) + ": " + mark.group(3).trim());
        }
        return marks.length() == 0 ? "" : " (page:" + marks + ")";
    }

    private boolean fail(String why) {
        firstFailure.compareAndSet(null, why);
        return false;
    }

    private String authorizeUrl(boolean tiered, String challenge) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", CLIENT);
        params.put("redirect_uri", REDIRECT);
        params.put("scope", tiered ? TIERED_SCOPE : STOCK_SCOPE);
        params.put("state", Long.toHexString(RANDOM.nextLong()));
        params.put("aud", server.realmUrl());
        params.put("code_challenge", challenge);
        params.put("code_challenge_method", "S256");
        if (tiered) {
            params.put("idp", upstream.realmUrl());
        } else {
            params.put("kc_idp_hint", STOCK_ALIAS);
        }
        return server.realmUrl() + "/protocol/openid-connect/auth?" + Server.form(params);
    }

    private static Map<String, String> submitted(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        Matcher input = SUBMITTED.matcher(body);
        while (input.find()) {
            Matcher name = NAME.matcher(input.group());
            Matcher value = VALUE.matcher(input.group());
            if (name.find()) {
                form.put(name.group(1), value.find() ? value.group(1).replace("&amp;", "&") : "");
            }
        }
        return form;
    }

    /**
     * Counts the {@link #METADATA} requests in Keycloak's log file written since a mark; follows a size-based
     * rotation ({@code FILE} renamed to {@code FILE.1}, …) by the file's identity.
     */
    private static final class AccessLog {
        private final Path file;

        record Mark(Object fileKey, long offset) {
        }

        AccessLog(Path file) {
            this.file = file;
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("--access-log " + file + ": no such file (start Keycloak with "
                        + "--http-access-log-enabled=true --log=console,file --log-file=" + file + ")");
            }
        }

        Mark mark() {
            return new Mark(key(file), size(file));
        }

        /** E.g. ".well-known/udap 0, .well-known/openid-configuration 0, clients-registrations/udap 0". */
        String since(Mark mark) {
            try {
                Thread.sleep(200); // the last requests' log lines
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<Path> newer = new ArrayList<>(); // the files written since the mark, oldest first
            long offset = 0;
            if (Objects.equals(key(file), mark.fileKey())) {
                offset = mark.offset();
            } else {
                for (int n = 1; n < 100 && Files.exists(file.resolveSibling(file.getFileName() + "." + n)); n++) {
                    Path rotated = file.resolveSibling(file.getFileName() + "." + n);
                    newer.add(0, rotated);
                    if (Objects.equals(key(rotated), mark.fileKey())) {
                        offset = mark.offset();
                        break;
                    }
                }
            }
            newer.add(file);
            int[] counts = new int[METADATA.size()];
            for (int f = 0; f < newer.size(); f++) {
                for (String line : read(newer.get(f), f == 0 ? offset : 0).split("\n")) {
                    for (int m = 0; m < counts.length; m++) {
                        counts[m] += line.contains("/realms/" + UPSTREAM_REALM + "/" + METADATA.get(m)) ? 1 : 0;
                    }
                }
            }
            StringBuilder text = new StringBuilder();
            for (int m = 0; m < counts.length; m++) {
                text.append(m == 0 ? "" : ", ").append(METADATA.get(m)).append(' ').append(counts[m]);
            }
            return text.toString();
        }

        private static String read(Path path, long offset) {
            try (InputStream in = Files.newInputStream(path)) {
                in.skipNBytes(Math.min(offset, Files.size(path)));
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + path, e);
            }
        }

        private static Object key(Path path) {
            try {
                return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            } catch (IOException e) {
                return null;
            }
        }

        private static long size(Path path) {
            try {
                return Files.size(path);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + path, e);
            }
        }
    }
}
