package org.payerauth.keycloak.payer.sharing.consent;

import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.payerauth.keycloak.common.sharing.SensitiveDataChoice;
import org.payerauth.keycloak.payer.sharing.MemberSharingChoices;
import org.payerauth.keycloak.payer.sharing.SharingEvents;
import org.payerauth.sharing.Choice;
import org.payerauth.sharing.ChoiceChange;
import org.payerauth.sharing.ChoiceChange.ActingAs;
import org.payerauth.sharing.ChoiceChange.Channel;
import org.payerauth.sharing.ChoiceHistory;
import org.payerauth.sharing.SensitiveData;
import org.payerauth.sharing.SharingException;

/**
 * The sensitive-data choice the SMART consent page offers is the patient's standing choice (the one the account page
 * shows): a change there is recorded as a change of it, through the channel {@link Channel#CONSENT_PAGE}, with the
 * same rules (who may decide, history, events).
 */
final class StandingSensitiveDataChoice implements SensitiveDataChoice {

    private final KeycloakSession session;

    StandingSensitiveDataChoice(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public boolean included(RealmModel realm, String patient) {
        return new MemberSharingChoices(session, realm).sensitiveDataIncluded(patient);
    }

    @Override
    public boolean mayChoose(RealmModel realm, UserModel user, String patient) {
        try {
            new MemberSharingChoices(session, realm).actingAs(user, patient);
            return true;
        } catch (SharingException notAllowed) {
            return false;
        }
    }

    @Override
    public boolean choose(RealmModel realm, UserModel user, String patient, boolean include) {
        MemberSharingChoices choices = new MemberSharingChoices(session, realm);
        SensitiveData wanted = include ? SensitiveData.INCLUDE : SensitiveData.EXCLUDE;
        SensitiveData current = choices.store().history(patient).current(choices.defaults()).sensitiveDataForApps();
        if (wanted == current) {
            return false;
        }
        try {
            ActingAs actingAs = choices.actingAs(user, patient);
            ChoiceChange change = choices.record(patient, new ChoiceHistory.Request(Choice.SENSITIVE_DATA_FOR_APPS,
                    current.name(), wanted.name(), user.getId(), actingAs, Channel.CONSENT_PAGE, null));
            SharingEvents.userEvent(new EventBuilder(realm, session, session.getContext().getConnection()), user, change);
            return true;
        } catch (SharingException refused) {
            // the page offers the choice only to who may make it; a race with another change leaves the standing one
            SharingEvents.userEventRefused(new EventBuilder(realm, session, session.getContext().getConnection()), user,
                    refused);
            return false;
        }
    }
}
