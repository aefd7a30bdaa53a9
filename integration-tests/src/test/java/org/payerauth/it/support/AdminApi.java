package org.payerauth.it.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** The admin REST API over plain HTTP, authenticated as the bootstrap admin of the master realm. */
public final class AdminApi {

    private final KeycloakServer server;
    private String token;
    private Instant tokenExpires = Instant.EPOCH;

    AdminApi(KeycloakServer server) {
        this.server = server;
    }

    /** The admin API of a server this test started itself (e.g. one node of a {@link KeycloakCluster}). */
    public static AdminApi of(KeycloakServer server) {
        return new AdminApi(server);
    }

    public synchronized String token() {
        if (Instant.now().isAfter(tokenExpires)) {
            HttpResponse<String> response = Http.postForm(server.realmUrl("master") + "/protocol/openid-connect/token",
                    Map.of("grant_type", "password", "client_id", "admin-cli",
                            "username", server.adminUsername(), "password", server.adminPassword()));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("admin login failed: HTTP " + response.statusCode() + " " + response.body());
            }
            JsonNode json = Http.json(response);
            token = json.get("access_token").asText();
            tokenExpires = Instant.now().plusSeconds(Math.max(5, json.get("expires_in").asLong() - 10));
        }
        return token;
    }

    /** Forgets the token, so the next call signs in again (after the server's clock moved: {@link TestClock}). */
    public synchronized void renewToken() {
        tokenExpires = Instant.EPOCH;
    }

    /** GET {@code /admin/...}; {@code path} starts after {@code /admin}. */
    public HttpResponse<String> get(String path) {
        return Http.send(request(path).GET().build());
    }

    public HttpResponse<String> delete(String path) {
        return Http.send(request(path).DELETE().build());
    }

    public HttpResponse<String> postJson(String path, Object body) {
        return Http.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(body))).build());
    }

    public HttpResponse<String> putJson(String path, Object body) {
        return Http.send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(toJson(body))).build());
    }

    /** GET that must answer 200 JSON. */
    public JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /admin" + path + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return Http.json(response);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin" + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token())
                .header("Accept", "application/json");
    }

    private static String toJson(Object body) {
        try {
            return body instanceof String s ? s : Http.JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
