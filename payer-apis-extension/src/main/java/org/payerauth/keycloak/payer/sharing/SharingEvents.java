package org.payerauth.keycloak.payer.sharing;

import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.payerauth.sharing.ChoiceChange;
import org.payerauth.sharing.SharingException;

/**
 * The events a sharing-choice change writes: a member's or representative's change is a user event
 * ({@code UPDATE_CONSENT}), a staff change an admin event ({@code UPDATE} of the member's user resource) carrying the
 * same details. Details name the patient, the choice, both values, on whose behalf and through which channel; the
 * reason of a staff change is in the admin event's representation (kept when the realm stores admin event details).
 */
public final class SharingEvents {

    public static final String PATIENT = "sharing_patient";
    public static final String CHOICE = "sharing_choice";
    public static final String PREVIOUS = "sharing_previous";
    public static final String VALUE = "sharing_value";
    public static final String ACTING_AS = "sharing_acting_as";
    public static final String CHANNEL = "sharing_channel";
    public static final String SEQUENCE = "sharing_sequence";

    private SharingEvents() {
    }

    public static void userEvent(EventBuilder event, UserModel user, ChoiceChange change) {
        event.event(EventType.UPDATE_CONSENT).user(user)
                .detail(PATIENT, change.patient()).detail(CHOICE, change.choice().name())
                .detail(PREVIOUS, change.previous().name()).detail(VALUE, change.next().name())
                .detail(ACTING_AS, change.actingAs().name()).detail(CHANNEL, change.channel().name())
                .detail(SEQUENCE, Integer.toString(change.sequence()))
                .success();
    }

    /** A refused member change: {@code UPDATE_CONSENT_ERROR} with the refusal's error code. */
    public static void userEventRefused(EventBuilder event, UserModel user, SharingException refusal) {
        event.event(EventType.UPDATE_CONSENT).user(user).detail("reason", refusal.refusal().name())
                .error(refusal.error());
    }

    public static void adminEvent(AdminEventBuilder event, UserModel member, ChoiceChange change) {
        event.operation(OperationType.UPDATE).resource(ResourceType.USER)
                .resourcePath("users", member.getId(), "data-sharing", change.patient(), change.choice().name())
                .representation(SharingJson.change(change))
                .detail(PATIENT, change.patient()).detail(CHOICE, change.choice().name())
                .detail(PREVIOUS, change.previous().name()).detail(VALUE, change.next().name())
                .detail(ACTING_AS, change.actingAs().name()).detail(CHANNEL, change.channel().name())
                .detail(SEQUENCE, Integer.toString(change.sequence()))
                .success();
    }
}
