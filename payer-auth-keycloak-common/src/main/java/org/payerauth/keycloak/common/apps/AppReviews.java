package org.payerauth.keycloak.common.apps;

import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.payerauth.apps.AppReview;
import org.payerauth.keycloak.common.settings.RealmSettings;

/**
 * The payer's approval step as kept on a client: {@value #STATE} ({@code pending}, {@code approved}, {@code rejected};
 * absent = never held = approved), with the last decision's time, administrator and reason. Apps are held when they
 * are created while the realm's {@link RealmSettings#APP_REVIEW_REQUIRED} is on (UDAP registrations and clients an
 * administrator creates); existing apps are not touched when it is switched on.
 */
public final class AppReviews {

    public static final String STATE = "payer.review.state";
    public static final String CHANGED_AT = "payer.review.changedAt";
    public static final String CHANGED_BY = "payer.review.changedBy";
    public static final String REASON = "payer.review.reason";

    private static final Logger LOG = Logger.getLogger(AppReviews.class);

    private AppReviews() {
    }

    public static AppReview.State state(ClientModel client) {
        return AppReview.State.of(client.getAttribute(STATE));
    }

    /** Why the client may not have tokens now; empty when it may. */
    public static Optional<String> refusal(ClientModel client) {
        return client == null ? Optional.empty() : AppReview.refusal(state(client));
    }

    /**
     * The realm's apps waiting for review or rejected. Keycloak searches client attributes only when an operator
     * lists them as searchable, so this reads the realm's clients (an administrator's page, not a hot path: seconds at
     * tens of thousands of clients).
     */
    public static Stream<ClientModel> notApproved(KeycloakSession session, RealmModel realm) {
        return session.clients().getClientsStream(realm)
                .filter(client -> client.getAttribute(STATE) != null && state(client) != AppReview.State.APPROVED);
    }

    /** Holds a just-created app for review when the realm asks for it; returns whether it was held. */
    public static boolean holdIfRequired(KeycloakSession session, RealmModel realm, ClientModel client) {
        if (!RealmSettings.of(session, realm).appReviewRequired() || client.getAttribute(STATE) != null) {
            return false;
        }
        client.setAttribute(STATE, AppReview.State.PENDING.value());
        client.setAttribute(CHANGED_AT, Instant.ofEpochMilli(Time.currentTimeMillis()).toString());
        LOG.infof("Realm '%s': app %s is waiting for review", realm.getName(), client.getClientId());
        return true;
    }

    /** Records an administrator's decision (the caller checked it applies). */
    public static void record(ClientModel client, AppReview.State next, String adminId, String reason) {
        client.setAttribute(STATE, next.value());
        client.setAttribute(CHANGED_AT, Instant.ofEpochMilli(Time.currentTimeMillis()).toString());
        client.setAttribute(CHANGED_BY, adminId);
        if (reason == null || reason.isBlank()) {
            client.removeAttribute(REASON);
        } else {
            client.setAttribute(REASON, reason.trim());
        }
    }
}
