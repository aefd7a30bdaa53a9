package org.payerauth.keycloak.payer.review;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.util.JsonSerialization;
import org.payerauth.apps.AppReview;
import org.payerauth.keycloak.common.apps.AppReviews;

/**
 * {@code /admin/realms/{realm}/app-review}: the payer's approval step for administrators.
 * <ul>
 *   <li>{@code GET /}: the apps waiting for review, and those rejected ({@code view-clients});</li>
 *   <li>{@code GET /{clientId}}: one app's state, last decision, administrator and reason;</li>
 *   <li>{@code POST /{clientId}} {@code {"decision": "approve|reject|revoke", "reason": "..."}} ({@code manage-clients}):
 *       records the decision as an admin event (resource {@code CLIENT}, operation {@code ACTION}); a reason is
 *       required to reject or revoke (CMS: only for a demonstrated security risk).</li>
 * </ul>
 */
public final class AppReviewAdminResource {

    private static final Logger LOG = Logger.getLogger(AppReviewAdminResource.class);

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
        // Keycloak searches client attributes only when an operator lists them as searchable: read them instead
        // (an administrator's page, not a hot path; seconds at tens of thousands of clients)
        List<Map<String, Object>> apps = new ArrayList<>();
        session.clients().getClientsStream(realm)
                .filter(client -> client.getAttribute(AppReviews.STATE) != null
                        && AppReviews.state(client) != AppReview.State.APPROVED)
                .forEach(client -> apps.add(view(client)));
        return json(200, Map.of("apps", apps));
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
        Optional<AppReview.Decision> decision = AppReview.Decision.of(request.get("decision") instanceof String d ? d : null);
        if (decision.isEmpty()) {
            return error(400, "invalid_request", "decision must be approve, reject or revoke");
        }
        String reason = request.get("reason") instanceof String r ? r.trim() : "";
        if (decision.get() != AppReview.Decision.APPROVE && reason.isEmpty()) {
            return error(400, "invalid_request", "A reason is required to reject an app or revoke its approval "
                    + "(a demonstrated security risk)");
        }
        if (reason.length() > 1000) {
            return error(400, "invalid_request", "reason is longer than 1000 characters");
        }
        AppReview.State previous = AppReviews.state(client);
        AppReview.State next;
        try {
            next = AppReview.next(previous, decision.get());
        } catch (IllegalStateException e) {
            return error(409, "conflict", e.getMessage());
        }
        String adminId = auth.adminAuth().getUser().getId();
        AppReviews.record(client, next, adminId, reason);
        Map<String, Object> representation = new LinkedHashMap<>();
        representation.put("decision", decision.get().name().toLowerCase(java.util.Locale.ROOT));
        representation.put("previous", previous.value());
        representation.put("state", next.value());
        representation.put("reason", reason);
        adminEvent.operation(OperationType.ACTION).resource(ResourceType.CLIENT)
                .resourcePath("clients", client.getId(), "app-review")
                .representation(representation)
                .detail("app_review_decision", decision.get().name().toLowerCase(java.util.Locale.ROOT))
                .detail("app_review_state", next.value())
                .success();
        LOG.infof("Realm '%s': app %s %s by admin user id %s (was %s)", realm.getName(), client.getClientId(),
                next.value(), adminId, previous.value());
        return json(200, view(client));
    }

    private static Map<String, Object> view(ClientModel client) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("clientId", client.getClientId());
        view.put("name", client.getName() == null ? client.getClientId() : client.getName());
        view.put("state", AppReviews.state(client).value());
        for (String[] attribute : new String[][] {{"changedAt", AppReviews.CHANGED_AT}, {"changedBy", AppReviews.CHANGED_BY},
                {"reason", AppReviews.REASON}, {"udapIss", "udap.iss"}, {"udapCommunity", "udap.community"}}) {
            String value = client.getAttribute(attribute[1]);
            if (value != null) {
                view.put(attribute[0], value);
            }
        }
        return view;
    }

    private static Response json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    private static Response error(int status, String error, String description) {
        return json(status, Map.of("error", error, "error_description", description));
    }
}
