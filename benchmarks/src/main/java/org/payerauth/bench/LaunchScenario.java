package org.payerauth.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * S2b: authorization on an existing SSO session (no password hashing): authorize → code → token, per virtual user.
 * A = plain authorization code + PKCE ({@code openid}, no {@code aud}) for the demo public client; B = a SMART
 * standalone launch ({@code launch/patient openid fhirUser patient/*.read}, {@code aud}, PKCE S256: the SMART
 * rules, the patient picker and the launch-context mappers run) for the same client and member.
 *
 * <p>The floor: the same stock flow asking, like the SMART request, for {@code openid} and three optional client
 * scopes shown on the consent screen, one of them with an ID token claim mapper (Keycloak's hardcoded-claim mapper,
 * where {@code fhirUser} has ours). These scopes are plain Keycloak ones ({@value #FLOOR_SCOPE_PREFIX}…), made by
 * {@link #setUp} as optional scopes of the client and deleted again by {@link #tearDown}; no payer-auth code acts on
 * them. What stock Keycloak spends on a request with optional scopes (resolving the client's scopes to validate
 * them, to check the consent, to run their mappers) is in the floor; SMART / floor is what payer-auth adds.
 */
final class LaunchScenario {

    static final String CLIENT = "smart-demo-public";
    static final String REDIRECT = "http://localhost:3000/callback";
    static final String SMART_SCOPE = "launch/patient openid fhirUser patient/*.read";
    static final String FLOOR_SCOPE_PREFIX = "bench-floor-";
    static final String FLOOR_SCOPE = FLOOR_SCOPE_PREFIX + "1 openid " + FLOOR_SCOPE_PREFIX + "2 " + FLOOR_SCOPE_PREFIX + "3";

    /** The sides of the pair, and the scope each requests. */
    enum Side {
        STOCK("stock authorization code + PKCE on SSO", "openid"),
        FLOOR("stock authorization code + PKCE on SSO, three optional scopes (floor)", FLOOR_SCOPE),
        SMART("SMART standalone launch on SSO (aud, picker, context)", SMART_SCOPE);

        final String label;
        final String scope;

        Side(String label, String scope) {
            this.label = label;
            this.scope = scope;
        }
    }
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern CONSENT_CHECKBOX = Pattern.compile("type=\"checkbox\"[^>]*name=\"(scope\\.[^\"]+)\"");

    private final Server server;
    private final List<HttpClient> browsers = new ArrayList<>();
    private String clientUuid;
    private final List<String> floorScopeIds = new ArrayList<>();

    LaunchScenario(Server server) {
        this.server = server;
    }

    /** The floor's client scopes, then one signed-in browser per thread, with consent given for every request shape. */
    void setUp(int threads, String user) {
        createFloorScopes();
        for (int t = 0; t < threads; t++) {
            HttpClient browser = newBrowser();
            for (Side side : Side.values()) {
                signIn(browser, user, side.scope, side == Side.SMART);
            }
            browsers.add(browser);
        }
    }

    /** A browser of its own (cookies, no redirects followed). */
    static HttpClient newBrowser() {
        return HttpClient.newBuilder().cookieHandler(new BrowserSupport.CookieJar()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Removes the floor's client scopes again (from the client, then from the realm). */
    void tearDown() {
        for (String id : floorScopeIds) {
            int unlinked = server.admin("DELETE", "/clients/" + clientUuid + "/optional-client-scopes/" + id, null).statusCode();
            int deleted = server.admin("DELETE", "/client-scopes/" + id, null).statusCode();
            if (unlinked != 204 || deleted != 204) {
                System.err.println("could not remove the floor's client scope " + id + " (HTTP " + unlinked + ", " + deleted + ")");
            }
        }
        floorScopeIds.clear();
    }

    private void createFloorScopes() {
        clientUuid = server.clientUuid(CLIENT).orElseThrow(() -> new IllegalStateException("client " + CLIENT + " not found"));
        for (int n = 1; n <= 3; n++) {
            String name = FLOOR_SCOPE_PREFIX + n;
            String mapper = n != 1 ? "" : ",\"protocolMappers\":[{\"name\":\"bench claim\",\"protocol\":\"openid-connect\","
                    + "\"protocolMapper\":\"oidc-hardcoded-claim-mapper\",\"config\":{\"claim.name\":\"bench_claim\","
                    + "\"claim.value\":\"Patient/bench\",\"jsonType.label\":\"String\",\"id.token.claim\":\"true\","
                    + "\"access.token.claim\":\"false\",\"userinfo.token.claim\":\"true\"}}]";
            HttpResponse<String> created = server.admin("POST", "/client-scopes", "{\"name\":\"" + name + "\",\"protocol\":\"openid-connect\","
                    + "\"attributes\":{\"display.on.consent.screen\":\"true\",\"include.in.token.scope\":\"true\","
                    + "\"consent.screen.text\":\"Benchmark scope " + n + "\"}" + mapper + "}");
            if (created.statusCode() != 201) {
                throw new IllegalStateException("could not create client scope " + name + " (left from an earlier run?): HTTP "
                        + created.statusCode() + " " + created.body());
            }
            String location = created.headers().firstValue("Location").orElseThrow();
            String id = location.substring(location.lastIndexOf('/') + 1);
            floorScopeIds.add(id);
            if (server.admin("PUT", "/clients/" + clientUuid + "/optional-client-scopes/" + id, null).statusCode() != 204) {
                throw new IllegalStateException("could not add " + name + " to " + CLIENT);
            }
        }
    }

    /** Signs the browser's member in and consents, for one request shape. */
    void signIn(HttpClient browser, String user, String scope, boolean smart) {
        HttpResponse<String> response = BrowserSupport.send(browser, HttpRequest.newBuilder(URI.create(authorizeUrl(scope, smart, BrowserSupport.challenge("x".repeat(43))))).GET().build());
        for (int step = 0; step < 8; step++) {
            if (response.statusCode() == 302) {
                String location = response.headers().firstValue("Location").orElseThrow();
                if (location.startsWith(REDIRECT)) {
                    return;
                }
                response = BrowserSupport.send(browser, HttpRequest.newBuilder(URI.create(location)).GET().build());
                continue;
            }
            String body = response.body();
            Map<String, String> form = new HashMap<>();
            if (body.contains("kc-form-login")) {
                form.put("username", user);
                form.put("password", user);
            } else if (body.contains("smart-consent")) {
                form.put("accept", "Allow");
                // Partial consent: the optional scopes are ticked checkboxes; a browser sends them all.
                Matcher ticked = CONSENT_CHECKBOX.matcher(body);
                while (ticked.find()) {
                    form.put(ticked.group(1), "on");
                }
            } else if (body.contains("kc-oauth")) {
                form.put("accept", "Yes");
                Matcher code = Pattern.compile("name=\"code\" value=\"([^\"]+)\"").matcher(body);
                if (code.find()) {
                    form.put("code", code.group(1));
                }
            } else {
                throw new IllegalStateException("unexpected page during set-up: HTTP " + response.statusCode());
            }
            Matcher action = BrowserSupport.ACTION.matcher(body);
            if (!action.find()) {
                throw new IllegalStateException("no form");
            }
            URI target = response.uri().resolve(action.group(1).replace("&amp;", "&"));
            response = BrowserSupport.send(browser, HttpRequest.newBuilder(target).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(Server.form(form))).build());
        }
        throw new IllegalStateException("sign-in did not finish");
    }

    Measurement.Result measure(Side side, int threads, int seconds) {
        Map<Long, HttpClient> byThread = new ConcurrentHashMap<>();
        List<HttpClient> pool = new ArrayList<>(browsers);
        boolean smart = side == Side.SMART;
        return Measurement.run(server, side.label, threads, seconds, Integer.MAX_VALUE, i -> {
                    HttpClient browser = byThread.computeIfAbsent(Thread.currentThread().getId(), id -> {
                        synchronized (pool) {
                            return pool.remove(0);
                        }
                    });
                    HttpResponse<String> token = launch(browser, side.scope, smart);
                    return token != null && token.statusCode() == 200 && (!smart || token.body().contains("\"patient\""))
                            && (side != Side.FLOOR || token.body().contains(FLOOR_SCOPE_PREFIX + "3"));
                });
    }

    /** One authorization on the browser's SSO session and its code exchange; null when no code came back. */
    HttpResponse<String> launch(HttpClient browser, String scope, boolean smart) {
        String verifier = BrowserSupport.verifier();
        HttpResponse<String> authorize = BrowserSupport.send(browser, HttpRequest.newBuilder(
                URI.create(authorizeUrl(scope, smart, BrowserSupport.challenge(verifier)))).GET().build());
        String location = authorize.headers().firstValue("Location").orElse("");
        if (authorize.statusCode() != 302 || !location.startsWith(REDIRECT)) {
            return null;
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("client_id", CLIENT);
        form.put("code", BrowserSupport.query(location).get("code"));
        form.put("redirect_uri", REDIRECT);
        form.put("code_verifier", verifier);
        return server.postForm(server.tokenEndpoint(), form);
    }

    private String authorizeUrl(String scope, boolean smart, String challenge) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", CLIENT);
        params.put("redirect_uri", REDIRECT);
        params.put("scope", scope);
        params.put("state", Long.toHexString(RANDOM.nextLong()));
        params.put("code_challenge", challenge);
        params.put("code_challenge_method", "S256");
        if (smart) {
            params.put("aud", server.realmUrl());
        }
        return server.realmUrl() + "/protocol/openid-connect/auth?" + Server.form(params);
    }

}
