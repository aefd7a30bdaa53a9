package org.payerauth.bench;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;

/**
 * S2c: token introspection by the FHIR server (the {@code fhir-server} client of the demo realm), the call a FHIR server
 * makes for every API request it does not cache. A = the access token of a plain authorization code + PKCE sign-in
 * ({@code openid}) of the demo public client; B = the access token of a SMART standalone launch of the same client and
 * member: the SMART introspection rules (launch context, consent still given, patient link), the B2B rules (nothing to
 * add for a member app), and the Patient Access metrics recording (one indexed read of the patient's row for the app
 * and day; the first introspection of a day also marks it) run on B only. Each run introspects tokens issued at its
 * start, so none expires while measured.
 */
final class IntrospectionScenario {

    /** The sides of the pair. */
    enum Side {
        STOCK("introspection of a plain access token (authorization code + PKCE, openid)", "openid", false),
        SMART("introspection of a SMART patient access token (rules + metrics recording)", LaunchScenario.SMART_SCOPE, true);

        final String label;
        final String scope;
        final boolean smart;

        Side(String label, String scope, boolean smart) {
            this.label = label;
            this.scope = scope;
            this.smart = smart;
        }
    }

    private static final String RESOURCE_SERVER = "Basic " + Base64.getEncoder()
            .encodeToString("fhir-server:fhir-server-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    private final Server server;
    private final LaunchScenario launches;
    private final HttpClient browser = LaunchScenario.newBrowser();

    IntrospectionScenario(Server server) {
        this.server = server;
        this.launches = new LaunchScenario(server);
    }

    /** Signs the member in once, consenting to both request shapes. */
    void setUp(String user) {
        for (Side side : Side.values()) {
            launches.signIn(browser, user, side.scope, side.smart);
        }
    }

    Measurement.Result measure(Side side, int threads, int seconds) {
        HttpResponse<String> issued = launches.launch(browser, side.scope, side.smart);
        if (issued == null || issued.statusCode() != 200) {
            throw new IllegalStateException("no token to introspect for " + side + ": "
                    + (issued == null ? "no code" : issued.statusCode() + " " + issued.body()));
        }
        String token = (String) Server.json(issued).get("access_token");
        String introspect = server.tokenEndpoint() + "/introspect";
        return Measurement.run(server, side.label, threads, seconds, Integer.MAX_VALUE, i -> {
            HttpResponse<String> answer = server.postForm(introspect, Map.of("token", token), "Authorization", RESOURCE_SERVER);
            return answer.statusCode() == 200 && answer.body().contains("\"active\":true")
                    && (!side.smart || answer.body().contains("\"patient\""));
        });
    }
}
