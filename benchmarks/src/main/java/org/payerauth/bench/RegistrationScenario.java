package org.payerauth.bench;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;
import org.payerauth.udap.registration.SoftwareStatementBuilder;

/**
 * S3a/S3b: dynamic client registration, one new app per request. A = stock OIDC DCR with an initial access token;
 * B = UDAP DCR (software statement with x5c, chain to the community, uploaded CRLs, a new EC P-256 app certificate
 * per registration). Both register an authorization_code client with one https redirect URI.
 */
final class RegistrationScenario {

    private final Server server;
    private final Pki pki = new Pki();
    private String initialAccessToken;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private int batch;
    private static final Pattern CLIENT_ID = Pattern.compile("\"client_id\"\\s*:\\s*\"([^\"]+)\"");
    /** The client_ids of the apps registered since the last {@link #removeRegistered}. */
    private final Queue<String> registered = new ConcurrentLinkedQueue<>();

    RegistrationScenario(Server server) {
        this.server = server;
    }

    void setUp() {
        pki.install(server);
        var response = server.admin("POST", "/clients-initial-access", "{\"expiration\":86400,\"count\":1000000}");
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new IllegalStateException("initial access token: " + response.body());
        }
        initialAccessToken = (String) Server.json(response).get("token");
    }

    void tearDown() {
        pki.remove(server);
    }

    /**
     * Adds {@code count} plain confidential clients by partial import (the realm's default scopes attached, as for any
     * new client), numbered from {@code from}: how a realm with many apps is reached without timing DCR.
     */
    void seed(int from, int count) {
        StringBuilder clients = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            clients.append(i == from ? "" : ",").append("{\"clientId\":\"seed-").append(run).append('-').append(i)
                    .append("\",\"protocol\":\"openid-connect\",\"publicClient\":false,")
                    .append("\"redirectUris\":[\"https://seed.payer-auth.test/cb\"]}");
        }
        var response = server.admin("POST", "/partialImport", "{\"ifResourceExists\":\"SKIP\",\"clients\":[" + clients + "]}");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("partial import: " + response.statusCode() + " " + response.body());
        }
    }

    /** Stock OIDC registrations as fast as possible, to grow the realm (also used as the A side). */
    Measurement.Result stock(int threads, int seconds, int max) {
        int b = ++batch;
        return Measurement.run(server, "stock OIDC DCR (initial access token)", threads, seconds, max, i -> created(server.postJson(
                server.realmUrl() + "/clients-registrations/openid-connect",
                "{\"client_name\":\"bench " + run + "-" + b + "-" + i + "\",\"redirect_uris\":[\"https://bench.payer-auth.test/cb\"]}",
                "Authorization", "Bearer " + initialAccessToken)));
    }

    Measurement.Result udap(int threads, int seconds, int prepared) {
        int b = ++batch;
        String endpoint = server.realmUrl() + "/clients-registrations/udap";
        List<String> bodies = IntStream.range(0, prepared).parallel().mapToObj(i -> {
            String iss = "https://bench-" + run + "-" + b + "-" + i + ".payer-auth.test/app";
            IssuedCertificate app = pki.intermediate.issue(LeafSpec.builder("Bench app " + i).sanUri(iss)
                    .keyAlgorithm(KeyAlgorithm.EC_P256).build());
            return SoftwareStatementBuilder.registrationRequest(SoftwareStatementBuilder.authorizationCode(iss, endpoint)
                    .redirectUris(List.of("https://bench.payer-auth.test/cb")).scope("openid patient/*.read").sign(app.privateKey(), app.chain()));
        }).toList();
        return Measurement.run(server, "UDAP DCR (software statement, x5c)", threads, seconds, bodies.size(),
                i -> created(server.postJson(endpoint, bodies.get(i))));
    }

    /** Whether a registration answered 201; remembers the new app's client_id for {@link #removeRegistered}. */
    private boolean created(java.net.http.HttpResponse<String> response) {
        if (response.statusCode() != 201) {
            return false;
        }
        Matcher clientId = CLIENT_ID.matcher(response.body());
        if (clientId.find()) {
            registered.add(clientId.group(1));
        }
        return true;
    }

    /**
     * Deletes (admin API, {@code threads} at a time) every app registered since the last call, so the realm is back at
     * the size it had: the registrations a measurement makes do not grow the realm past the next level. Returns how
     * many were deleted.
     */
    int removeRegistered(int threads) throws Exception {
        List<String> clientIds = new java.util.ArrayList<>();
        for (String id; (id = registered.poll()) != null; ) {
            clientIds.add(id);
        }
        AtomicInteger deleted = new AtomicInteger();
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> clientIds.parallelStream().forEach(clientId -> {
                var id = server.clientUuid(clientId);
                if (id.isPresent() && server.admin("DELETE", "/clients/" + id.get(), null).statusCode() == 204) {
                    deleted.incrementAndGet();
                }
            })).get();
        } finally {
            pool.shutdown();
        }
        return deleted.get();
    }
}
