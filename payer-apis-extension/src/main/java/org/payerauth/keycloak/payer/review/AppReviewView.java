package org.payerauth.keycloak.payer.review;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.payerauth.apps.AppReview;
import org.payerauth.apps.PrivacyAttestation;
import org.payerauth.keycloak.common.UdapClientAttributes;
import org.payerauth.keycloak.common.apps.AppCertifications;
import org.payerauth.keycloak.common.apps.AppPrivacy;
import org.payerauth.keycloak.common.apps.AppReviews;
import org.payerauth.keycloak.common.settings.RealmSettings;

/**
 * What an administrator reviewing an app sees, the same on the admin REST API, the review page and the console's tab:
 * its approval state (with the last decision's time, administrator and reason), its UDAP registration, the
 * certifications accepted at registration (without the JWTs) and its privacy attestation as members read it.
 */
public final class AppReviewView {

    private AppReviewView() {
    }

    public static Map<String, Object> of(KeycloakSession session, RealmModel realm, ClientModel client, Instant now) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("clientId", client.getClientId());
        view.put("name", client.getName() == null || client.getName().isBlank() ? client.getClientId() : client.getName());
        view.put("state", AppReviews.state(client).value());
        putIfSet(view, "changedAt", client.getAttribute(AppReviews.CHANGED_AT));
        String changedBy = client.getAttribute(AppReviews.CHANGED_BY);
        if (changedBy != null) {
            view.put("changedBy", changedBy);
            UserModel admin = adminUser(session, realm, changedBy);
            if (admin != null) {
                view.put("changedByUsername", admin.getUsername());
            }
        }
        putIfSet(view, "reason", client.getAttribute(AppReviews.REASON));
        putIfSet(view, "udapIss", client.getAttribute(UdapClientAttributes.ISS));
        putIfSet(view, "udapCommunity", client.getAttribute(UdapClientAttributes.COMMUNITY));
        view.put("certifications", certifications(client, now));
        Optional<PrivacyAttestation> attestation = AppPrivacy.attestation(client, now);
        view.put("privacy", AppPrivacy.view(attestation, RealmSettings.of(session, realm).unattestedNotice()));
        return view;
    }

    /** The view in a few sentences, for the console tab's message. */
    @SuppressWarnings("unchecked")
    public static String sentences(Map<String, Object> view) {
        StringBuilder text = new StringBuilder("App ").append(view.get("clientId")).append(": ");
        String state = (String) view.get("state");
        text.append(switch (AppReview.State.of(state)) {
            case PENDING -> "waiting for review";
            case APPROVED -> "approved";
            case REJECTED -> "rejected";
        });
        if (view.containsKey("changedAt")) {
            text.append(" since ").append(view.get("changedAt"));
        }
        if (view.containsKey("changedByUsername") || view.containsKey("changedBy")) {
            text.append(" by ").append(view.getOrDefault("changedByUsername", view.get("changedBy")));
        }
        if (view.containsKey("reason")) {
            text.append(" (reason: ").append(view.get("reason")).append(")");
        }
        if (!view.containsKey("changedAt")) {
            text.append(" (never held for review)");
        }
        text.append(". ");
        if (view.containsKey("udapIss")) {
            text.append("Registered by UDAP as ").append(view.get("udapIss")).append(". ");
        }
        List<Map<String, Object>> certifications = (List<Map<String, Object>>) view.get("certifications");
        if (certifications.isEmpty()) {
            text.append("Certifications: none. ");
        } else {
            text.append("Certifications: ");
            List<String> each = new ArrayList<>();
            for (Map<String, Object> c : certifications) {
                each.add(c.getOrDefault("name", c.get("uri")) + " by " + c.get("issuer") + ", "
                        + (Boolean.TRUE.equals(c.get("valid")) ? "valid until " : "expired ") + c.get("expiresAt"));
            }
            text.append(String.join("; ", each)).append(". ");
        }
        Map<String, Object> privacy = (Map<String, Object>) view.get("privacy");
        if (Boolean.TRUE.equals(privacy.get("attested"))) {
            text.append("Privacy attestation (").append(PrivacyAttestation.CERTIFICATION.equals(privacy.get("source"))
                    ? "from its certification" : "entered by an administrator").append("): policy ")
                    .append(privacy.get("privacyPolicy")).append("; ")
                    .append(String.join(" ", (List<String>) privacy.get("points")));
        } else {
            text.append("No privacy attestation: members read the notice for apps that did not attest.");
        }
        return text.toString();
    }

    private static List<Map<String, Object>> certifications(ClientModel client, Instant now) {
        Optional<List<Map<?, ?>>> kept = AppCertifications.of(client);
        if (kept.isEmpty()) {
            return List.of(Map.of("uri", "(unreadable)", "issuer", "(unreadable)", "valid", false, "privacy", false,
                    "expiresAt", "(unknown)"));
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (Map<?, ?> c : kept.get()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("uri", c.get("uri"));
            if (c.get("name") != null) {
                entry.put("name", c.get("name"));
            }
            entry.put("issuer", c.get("issuer"));
            if (c.get("iat") instanceof Number iat) {
                entry.put("issuedAt", Instant.ofEpochSecond(iat.longValue()).toString());
            }
            boolean valid = false;
            if (c.get("exp") instanceof Number exp) {
                Instant expires = Instant.ofEpochSecond(exp.longValue());
                entry.put("expiresAt", expires.toString());
                valid = expires.isAfter(now);
            }
            entry.put("valid", valid);
            entry.put("privacy", Boolean.TRUE.equals(c.get("privacy")));
            list.add(entry);
        }
        return list;
    }

    /** The administrator who decided: a user of this realm or of the admin realm (master). */
    private static UserModel adminUser(KeycloakSession session, RealmModel realm, String id) {
        UserModel user = session.users().getUserById(realm, id);
        if (user == null) {
            RealmModel adminRealm = session.realms().getRealmByName(org.keycloak.Config.getAdminRealm());
            if (adminRealm != null && !adminRealm.getId().equals(realm.getId())) {
                user = session.users().getUserById(adminRealm, id);
            }
        }
        return user;
    }

    private static void putIfSet(Map<String, Object> view, String key, String value) {
        if (value != null && !value.isBlank()) {
            view.put(key, value);
        }
    }
}
