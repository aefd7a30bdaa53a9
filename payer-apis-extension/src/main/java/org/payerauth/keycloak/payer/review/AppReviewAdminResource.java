package org.payerauth.keycloak.payer.review;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.util.JsonSerialization;
import org.payerauth.keycloak.common.apps.AppReviews;
import org.payerauth.keycloak.common.settings.RealmSettings;

/**
 * {@code /admin/realms/{realm}/app-review}: the payer's approval step for administrators.
 * <ul>
 *   <li>{@code GET /}: the apps waiting for review, and those rejected ({@code view-clients}), and whether the realm
 *       holds new apps ({@code reviewRequired});</li>
 *   <li>{@code GET /{clientId}}: one app's state, last decision, administrator and reason, its certifications and
 *       privacy attestation ({@link AppReviewView});</li>
 *   <li>{@code POST /{clientId}} {@code {"decision": "approve|reject|revoke", "reason": "..."}} ({@code manage-clients}):
 *       records the decision ({@link AppReviewDecisions}); a reason is required to reject or revoke (CMS: only for a
 *       demonstrated security risk).</li>
 * </ul>
 */
public final class AppReviewAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    AppReviewAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response waiting() {
        auth.clients().requireView();
        List<Map<String, Object>> apps = AppReviews.notApproved(session, realm).map(this::view).toList();
        return json(200, Map.of("reviewRequired", RealmSettings.of(session, realm).appReviewRequired(), "apps", apps));
    }

    @GET
    @Path("{clientId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response app(@PathParam("clientId") String clientId) {
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null) {
            auth.clients().requireList();
            return error(404, "not_found", "No app with this client_id in the realm");
        }
        auth.clients().requireView(client);
        return json(200, view(client));
    }

    @POST
    @Path("{clientId}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response decide(@PathParam("clientId") String clientId, String body) {
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null) {
            auth.clients().requireManage();
            return error(404, "not_found", "No app with this client_id in the realm");
        }
        auth.clients().requireManage(client);
        Map<?, ?> request;
        try {
            request = body == null || body.isBlank() ? Map.of() : JsonSerialization.readValue(body, Map.class);
        } catch (IOException e) {
            return error(400, "invalid_request", "The body must be a JSON object {\"decision\": ..., \"reason\": ...}");
        }
        try {
            AppReviewDecisions.decide(realm, client, request.get("decision") instanceof String d ? d : null,
                    request.get("reason") instanceof String r ? r : null, auth.adminAuth().getUser(), adminEvent);
        } catch (AppReviewDecisions.Refused refused) {
            return error(refused.conflict() ? 409 : 400, refused.conflict() ? "conflict" : "invalid_request",
                    refused.getMessage());
        }
        return json(200, view(client));
    }

    private Map<String, Object> view(ClientModel client) {
        return AppReviewView.of(session, realm, client, Instant.ofEpochMilli(Time.currentTimeMillis()));
    }

    private static Response json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    private static Response error(int status, String error, String description) {
        return json(status, Map.of("error", error, "error_description", description));
    }
}
