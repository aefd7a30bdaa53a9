package org.payerauth.it.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import org.payerauth.it.support.Browser;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.it.support.Pkce;
import org.payerauth.it.support.QueryString;

/**
 * A SMART app doing a standalone launch against the {@code payer} realm, with a member's {@link Browser}: builds the
 * authorization request, walks the pages (login, patient picker, consent) and exchanges the code.
 */
public final class SmartLaunch {

    public static final String REALM = "payer";
    public static final String REDIRECT_URI = "http://localhost:3000/callback";
    public static final String FULL_SCOPE = "launch/patient openid fhirUser offline_access patient/*.read";

    /** A demo client of realm-export. */
    public record App(String clientId, String secret) {
        public static final App PUBLIC = new App("smart-demo-public", null);
        public static final App CONFIDENTIAL = new App("smart-demo-confidential", "smart-demo-secret");
    }

    /** Where the launch ended: the app's redirect_uri with these parameters. */
    public record Redirect(String url, Map<String, String> params) {
        public String code() {
            return params.get("code");
        }

        public String error() {
            return params.get("error");
        }
    }

    public final KeycloakServer server;
    public final App app;
    public final Browser browser;
    public final Pkce pkce = Pkce.create();
    public final Map<String, String> params = new LinkedHashMap<>();
    /** How the member answers the picker: the patient id to post, or null to expect no picker. */
    String patientToPick;
    /** Client authentication for token requests, instead of client_id / Basic (e.g. a UDAP client assertion). */
    public java.util.function.Supplier<Map<String, String>> clientAuthentication;

    /** Whether the member allows on the consent page (if one is shown). */
    boolean allowConsent = true;
    /** Optional scopes the member unticks on the SMART consent page (partial consent). */
    public final java.util.Set<String> withheld = new java.util.LinkedHashSet<>();
    /** Extra fields posted with the SMART consent page (e.g. a forged checkbox). */
    public final Map<String, String> consentExtras = new LinkedHashMap<>();
    /** The last SMART consent page shown, or null. */
    public String consentPage;
    /** Pages seen during the last run, in order: login, otp, picker, consent. */
    public final StringBuilder pagesSeen = new StringBuilder();
    /**
     * The one-time code the member types on an OTP page; null: an OTP page is unexpected. A supplier that returns
     * null makes the member walk away there: {@link #run} throws {@link Abandoned}.
     */
    public java.util.function.Supplier<String> otp;

    /** The member left the login at the page {@link #page} (see {@link #otp}). */
    public static final class Abandoned extends RuntimeException {
        public final transient HttpResponse<String> page;

        Abandoned(HttpResponse<String> page) {
            super("the member left at " + page.uri());
            this.page = page;
        }
    }

    public SmartLaunch(KeycloakServer server, App app, Browser browser) {
        this.server = server;
        this.app = app;
        this.browser = browser;
        params.put("response_type", "code");
        params.put("client_id", app.clientId());
        params.put("redirect_uri", REDIRECT_URI);
        params.put("scope", FULL_SCOPE);
        params.put("state", UUID.randomUUID().toString());
        params.put("aud", server.realmUrl(REALM));
        params.put("code_challenge", pkce.challenge());
        params.put("code_challenge_method", "S256");
    }

    public SmartLaunch param(String name, String value) {
        if (value == null) {
            params.remove(name);
        } else {
            params.put(name, value);
        }
        return this;
    }

    public SmartLaunch pick(String patientId) {
        this.patientToPick = patientId;
        return this;
    }

    public String endpoint(String name) {
        return server.realmUrl(REALM) + "/protocol/openid-connect/" + name;
    }

    /** GET /auth with the parameters. */
    public HttpResponse<String> authorize() {
        return browser.get(endpoint("auth") + "?" + Http.form(params));
    }

    /** POST /auth with the parameters (SMART's authorize-post). */
    public HttpResponse<String> authorizePost() {
        return browser.postForm(endpoint("auth"), params);
    }

    /** Runs the launch as {@code username} (password = username) until Keycloak redirects to the app. */
    public Redirect run(String username) {
        return run(username, SmartLaunch::authorizeGet);
    }

    public Redirect run(String username, Function<SmartLaunch, HttpResponse<String>> start) {
        pagesSeen.setLength(0);
        consentPage = null;
        HttpResponse<String> response = start.apply(this);
        for (int step = 0; step < 16; step++) {
            if (response.statusCode() == 302 || response.statusCode() == 303) {
                String location = response.headers().firstValue("Location").orElseThrow();
                if (location.startsWith(REDIRECT_URI)) {
                    String seen = " " + pagesSeen;
                    int smartConsent = seen.indexOf(" consent ");
                    if (smartConsent >= 0 && seen.indexOf("keycloak-consent", smartConsent) > 0) {
                        throw new AssertionError("Keycloak's own consent page came after the SMART consent page: " + seen);
                    }
                    return new Redirect(location, QueryString.of(location));
                }
                response = browser.get(location);
                continue;
            }
            String body = response.body();
            if (response.statusCode() == 200 && body.contains("id=\"kc-form-login\"")) {
                pagesSeen.append("login ");
                response = browser.submit(response, Map.of("username", username, "password", username));
            } else if (response.statusCode() == 200 && body.contains("id=\"kc-otp-login-form\"")) {
                pagesSeen.append("otp ");
                if (otp == null) {
                    throw new AssertionError("unexpected OTP page:\n" + body);
                }
                String code = otp.get();
                if (code == null) {
                    throw new Abandoned(response);
                }
                response = browser.submit(response, Map.of("otp", code, "login", "Sign In"));
            } else if (response.statusCode() == 200 && body.contains("id=\"smart-patient-picker\"")) {
                pagesSeen.append("picker ");
                if (patientToPick == null) {
                    throw new AssertionError("unexpected patient picker:\n" + body);
                }
                response = browser.submit(response, Map.of("patient", patientToPick, "pick", "Continue"));
            } else if (response.statusCode() == 200 && body.contains("id=\"kc-oauth\"")) {
                pagesSeen.append("keycloak-consent ");
                response = browser.submit(response, allowConsent ? Map.of("accept", "Yes") : Map.of("cancel", "No"));
            } else if (response.statusCode() == 200 && body.contains("id=\"smart-consent\"")) {
                pagesSeen.append("consent ");
                consentPage = body;
                Map<String, String> answer = new java.util.HashMap<>(allowConsent ? Map.of("accept", "Allow") : Map.of("cancel", "Deny"));
                answer.putAll(consentExtras);
                withheld.forEach(scope -> answer.put("scope." + scope, null));
                response = browser.submit(response, answer);
            } else {
                throw new AssertionError("unexpected page (HTTP " + response.statusCode() + "):\n" + body);
            }
        }
        throw new AssertionError("no redirect to the app after 16 steps");
    }

    private static HttpResponse<String> authorizeGet(SmartLaunch launch) {
        return launch.authorize();
    }

    /** The token request for a code, authenticated as this app (public: client_id; confidential: Basic). */
    public HttpResponse<String> exchange(String code) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", REDIRECT_URI);
        form.put("code_verifier", pkce.verifier());
        return tokenRequest(form);
    }

    public HttpResponse<String> refresh(String refreshToken, String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        if (scope != null) {
            form.put("scope", scope);
        }
        return tokenRequest(form);
    }

    public HttpResponse<String> tokenRequest(Map<String, String> form) {
        Map<String, String> body = new LinkedHashMap<>(form);
        HttpRequest.Builder request = HttpRequest.newBuilder(java.net.URI.create(endpoint("token")))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (clientAuthentication != null) {
            body.putAll(clientAuthentication.get());
        } else if (app.secret() == null) {
            body.put("client_id", app.clientId());
        } else {
            request.header("Authorization", basic(app.clientId(), app.secret()));
        }
        return Http.send(request.POST(HttpRequest.BodyPublishers.ofString(Http.form(body))).build());
    }

    /** Introspection of a token by the resource server ({@code fhir-server}), answered 200. */
    public JsonNode introspect(String token) {
        HttpResponse<String> response = Http.postForm(endpoint("token/introspect"), Map.of("token", token),
                "Authorization", basic("fhir-server", "fhir-server-secret"));
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response);
    }

    /** A successful launch: run, exchange, and return the token response. */
    public JsonNode launch(String username) {
        Redirect redirect = run(username);
        assertEquals(params.get("state"), redirect.params().get("state"), "state echoed");
        if (redirect.code() == null) {
            throw new AssertionError("no code: " + redirect.url());
        }
        HttpResponse<String> token = exchange(redirect.code());
        assertEquals(200, token.statusCode(), token.body());
        return Http.json(token);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((Http.encode(user) + ":" + Http.encode(password))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
