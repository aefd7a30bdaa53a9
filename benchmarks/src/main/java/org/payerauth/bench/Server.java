package org.payerauth.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONObjectUtils;

/** The Keycloak under test: HTTP helpers, admin API, and its process CPU time from /proc. */
final class Server {

    final String url;
    final String realm;
    final long pid;
    private final String adminUser;
    private final String adminPassword;
    /** Reads the database's per-table statement counters around each measured run ({@code --db-statements}); or null. */
    final DatabaseStatements databaseStatements;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    Server(String url, String realm, long pid, String adminUser, String adminPassword,
           DatabaseStatements databaseStatements) {
        this.url = url;
        this.realm = realm;
        this.pid = pid;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.databaseStatements = databaseStatements;
    }

    /** The same server, another realm (admin calls and URLs go there). */
    Server inRealm(String otherRealm) {
        return new Server(url, otherRealm, pid, adminUser, adminPassword, databaseStatements);
    }

    String realmUrl() {
        return url + "/realms/" + realm;
    }

    String tokenEndpoint() {
        return realmUrl() + "/protocol/openid-connect/token";
    }

    /** utime + stime of the Keycloak process, in milliseconds (clock ticks of 10 ms). */
    long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/stat: is --pid the Keycloak java process?", e);
        }
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> postForm(String target, Map<String, String> form, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    HttpResponse<String> postJson(String target, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    private String cachedAdminToken;
    private long cachedAdminTokenUntil;

    /** An admin access token, reused for 30 s (admin-cli tokens live 60 s): bulk admin calls need no login each. */
    synchronized String adminToken() {
        if (cachedAdminToken != null && System.nanoTime() < cachedAdminTokenUntil) {
            return cachedAdminToken;
        }
        cachedAdminToken = freshAdminToken();
        cachedAdminTokenUntil = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        return cachedAdminToken;
    }

    private String freshAdminToken() {
        HttpResponse<String> response = postForm(url + "/realms/master/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", adminUser, "password", adminPassword));
        return (String) json(response).get("access_token");
    }

    /** The realm's admin REST URL for {@code path} (which starts with a slash, or is empty). */
    String adminUrl(String path) {
        return url + "/admin/realms/" + realm + path;
    }

    HttpResponse<String> admin(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/admin/realms/" + realm + path))
                .header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return send(request.build());
    }

    private static final java.util.regex.Pattern FIRST_ID = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    /** The internal id of the client with this {@code clientId} (the admin API's indexed lookup), if there is one. */
    java.util.Optional<String> clientUuid(String clientId) {
        HttpResponse<String> found = admin("GET", "/clients?briefRepresentation=true&clientId="
                + URLEncoder.encode(clientId, StandardCharsets.UTF_8), null);
        java.util.regex.Matcher id = FIRST_ID.matcher(found.body());
        return found.statusCode() == 200 && id.find() ? java.util.Optional.of(id.group(1)) : java.util.Optional.empty();
    }

    static Map<String, Object> json(HttpResponse<String> response) {
        try {
            return JSONObjectUtils.parse(response.body());
        } catch (Exception e) {
            throw new IllegalStateException("not JSON (HTTP " + response.statusCode() + "): " + response.body());
        }
    }

    static String form(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
