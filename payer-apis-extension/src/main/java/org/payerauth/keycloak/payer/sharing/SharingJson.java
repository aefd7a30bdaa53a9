package org.payerauth.keycloak.payer.sharing;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.util.JsonSerialization;
import org.payerauth.keycloak.common.http.OAuthErrorResponses;
import org.payerauth.keycloak.payer.sharing.MemberSharingChoices.MemberPatient;
import org.payerauth.sharing.Choice;
import org.payerauth.sharing.ChoiceChange;
import org.payerauth.sharing.ChoiceHistory;
import org.payerauth.sharing.ChoiceValue;
import org.payerauth.sharing.SharingChoices;
import org.payerauth.sharing.SharingDefaults;
import org.payerauth.sharing.SharingException;

/** The JSON the account page and the staff API exchange: one shape for a patient's choices, one for errors. */
public final class SharingJson {

    private SharingJson() {
    }

    /** A patient with each choice's current value, whether it was ever recorded, and when it last changed. */
    public static Map<String, Object> patient(MemberPatient patient, ChoiceHistory history, SharingDefaults defaults) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", patient.id());
        json.put("name", patient.name());
        json.put("self", patient.self());
        json.put("mayDecide", patient.mayDecide());
        if (patient.relationship() != null) {
            json.put("relationship", patient.relationship());
        }
        if (patient.accessEnds() != null) {
            json.put("accessEnds", patient.accessEnds().toString());
        }
        json.put("choices", choices(history, defaults));
        return json;
    }

    public static Map<String, Object> choices(ChoiceHistory history, SharingDefaults defaults) {
        SharingChoices current = history.current(defaults);
        Map<String, Object> choices = new LinkedHashMap<>();
        for (Choice choice : Choice.values()) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("value", current.value(choice).name());
            Optional<ChoiceChange> last = history.lastChange(choice);
            value.put("recorded", last.isPresent());
            last.ifPresent(c -> value.put("changedAt", c.at().toString()));
            value.put("allowed", choice.allowed().stream().map(ChoiceValue::name).toList());
            choices.put(choice.name(), value);
        }
        return choices;
    }

    /** One recorded change, as the history lists it. */
    public static Map<String, Object> change(ChoiceChange change) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sequence", change.sequence());
        json.put("choice", change.choice().name());
        json.put("previous", change.previous().name());
        json.put("value", change.next().name());
        json.put("changedBy", change.changedBy());
        json.put("actingAs", change.actingAs().name());
        json.put("channel", change.channel().name());
        change.reason().ifPresent(r -> json.put("reason", r));
        json.put("at", change.at().toString());
        return json;
    }

    /**
     * The body of a change request: {@code {"current": "...", "value": "..."}} plus, for staff, {@code "reason"}.
     *
     * @throws BadRequest when it is not a JSON object of strings
     */
    public static Map<String, String> body(String body) throws BadRequest {
        try {
            Map<?, ?> map = body == null || body.isBlank() ? null : JsonSerialization.readValue(body, Map.class);
            if (map == null) {
                throw new BadRequest("Send a JSON object: {\"current\": <the value you saw>, \"value\": <the new value>}");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (String name : new String[] {"current", "value", "reason"}) {
                Object field = map.get(name);
                if (field != null && !(field instanceof String)) {
                    throw new BadRequest("'" + name + "' must be a string");
                }
                fields.put(name, (String) field);
            }
            return fields;
        } catch (IOException e) {
            throw new BadRequest("The body is not JSON: send {\"current\": <the value you saw>, \"value\": <the new value>}");
        }
    }

    /** A malformed request body. */
    public static final class BadRequest extends Exception {

        public BadRequest(String description) {
            super(description, null, false, false);
        }
    }

    public static Response refused(SharingException refusal) {
        return error(refusal.httpStatus(), refusal.error(), refusal.description());
    }

    public static Response error(int status, String error, String description) {
        return OAuthErrorResponses.error(Response.Status.fromStatusCode(status), error, description);
    }

    public static Response json(int status, Object body) {
        return OAuthErrorResponses.noStore(Response.status(status).entity(body).type(MediaType.APPLICATION_JSON_TYPE))
                .build();
    }
}
