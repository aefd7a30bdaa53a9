package org.payerauth.keycloak.payer.review;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.payerauth.apps.AppReview;
import org.payerauth.keycloak.common.apps.AppReviews;

/**
 * An administrator's decision on an app (approve, reject, revoke), the same from the admin REST API, the review page
 * and the console's <em>App review</em> tab: checked, recorded on the app, and an admin event (resource
 * {@code CLIENT}, operation {@code ACTION}, path {@code clients/<id>/app-review}) naming the administrator.
 */
public final class AppReviewDecisions {

    private static final Logger LOG = Logger.getLogger(AppReviewDecisions.class);

    /** A decision that was not recorded: {@code conflict} when it does not apply to the app's state. */
    public static final class Refused extends Exception {
        private final boolean conflict;

        Refused(String description, boolean conflict) {
            super(description, null, false, false);
            this.conflict = conflict;
        }

        public boolean conflict() {
            return conflict;
        }
    }

    private AppReviewDecisions() {
    }

    /**
     * Records {@code decisionValue} ({@code approve}, {@code reject}, {@code revoke}) on {@code client}; nothing
     * changes when it is refused.
     *
     * @return the app's new state
     */
    public static AppReview.State decide(RealmModel realm, ClientModel client, String decisionValue, String reasonValue,
                                         UserModel admin, AdminEventBuilder adminEvent) throws Refused {
        Optional<AppReview.Decision> decision = AppReview.Decision.of(decisionValue);
        if (decision.isEmpty()) {
            throw new Refused("decision must be approve, reject or revoke", false);
        }
        String reason = reasonValue == null ? "" : reasonValue.trim();
        Optional<String> reasonProblem = AppReview.reasonProblem(decision.get(), reason);
        if (reasonProblem.isPresent()) {
            throw new Refused(reasonProblem.get(), false);
        }
        AppReview.State previous = AppReviews.state(client);
        AppReview.State next;
        try {
            next = AppReview.next(previous, decision.get());
        } catch (IllegalStateException e) {
            throw new Refused(e.getMessage(), true);
        }
        AppReviews.record(client, next, admin.getId(), reason);
        String decided = decision.get().name().toLowerCase(Locale.ROOT);
        Map<String, Object> representation = new LinkedHashMap<>();
        representation.put("decision", decided);
        representation.put("previous", previous.value());
        representation.put("state", next.value());
        representation.put("reason", reason);
        adminEvent.operation(OperationType.ACTION).resource(ResourceType.CLIENT)
                .resourcePath("clients", client.getId(), "app-review")
                .representation(representation)
                .detail("app_review_decision", decided)
                .detail("app_review_state", next.value())
                .success();
        LOG.infof("Realm '%s': app %s %s by admin %s (was %s)", realm.getName(), client.getClientId(), next.value(),
                admin.getUsername(), previous.value());
        return next;
    }
}
