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
 */
final class LaunchScenario {

    static final String CLIENT = "smart-demo-public";
    static final String REDIRECT = "http://localhost:3000/callback";
    static final String SMART_SCOPE = "launch/patient openid fhirUser patient/*.read";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern CONSENT_CHECKBOX = Pattern.compile("type=\"checkbox\"[^>]*name=\"(scope\\.[^\"]+)\"");

    private final Server server;
    private final List<HttpClient> browsers = new ArrayList<>();

    LaunchScenario(Server server) {
        this.server = server;
    }

    /** One signed-in browser per thread, with consent given for both request shapes. */
    void setUp(int threads, String user) {
        for (int t = 0; t < threads; t++) {
            HttpClient browser = HttpClient.newBuilder().cookieHandler(new BrowserSupport.CookieJar()).followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            signIn(browser, user, SMART_SCOPE, true);
            signIn(browser, user, "openid", false);
            browsers.add(browser);
        }
    }

    private void signIn(HttpClient browser, String user, String scope, boolean smart) {
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

    Measurement.Result measure(boolean smart, int threads, int seconds) {
        Map<Long, HttpClient> byThread = new ConcurrentHashMap<>();
        List<HttpClient> pool = new ArrayList<>(browsers);
        return Measurement.run(server, smart ? "SMART standalone launch on SSO (aud, picker, context)"
                        : "stock authorization code + PKCE on SSO", threads, seconds, Integer.MAX_VALUE, i -> {
                    HttpClient browser = byThread.computeIfAbsent(Thread.currentThread().getId(), id -> {
                        synchronized (pool) {
                            return pool.remove(0);
                        }
                    });
                    String verifier = BrowserSupport.verifier();
                    HttpResponse<String> authorize = BrowserSupport.send(browser, HttpRequest.newBuilder(
                            URI.create(authorizeUrl(smart ? SMART_SCOPE : "openid", smart, BrowserSupport.challenge(verifier)))).GET().build());
                    String location = authorize.headers().firstValue("Location").orElse("");
                    if (authorize.statusCode() != 302 || !location.startsWith(REDIRECT)) {
                        return false;
                    }
                    String code = BrowserSupport.query(location).get("code");
                    Map<String, String> form = new LinkedHashMap<>();
                    form.put("grant_type", "authorization_code");
                    form.put("client_id", CLIENT);
                    form.put("code", code);
                    form.put("redirect_uri", REDIRECT);
                    form.put("code_verifier", verifier);
                    HttpResponse<String> token = server.postForm(server.tokenEndpoint(), form);
                    return token.statusCode() == 200 && (!smart || token.body().contains("\"patient\""));
                });
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
