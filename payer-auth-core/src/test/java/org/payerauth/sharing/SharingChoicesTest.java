package org.payerauth.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.payerauth.sharing.Histories.KIM;
import static org.payerauth.sharing.Histories.T1;
import static org.payerauth.sharing.Histories.T2;
import static org.payerauth.sharing.Histories.byMember;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SharingChoicesTest {

    @Test
    void provider_access_is_shared_until_the_member_opts_out() throws SharingException {
        ChoiceHistory history = ChoiceHistory.empty(KIM);
        assertEquals(ProviderAccess.SHARED, history.current(SharingDefaults.CONSERVATIVE).providerAccess());

        history = byMember(history, Choice.PROVIDER_ACCESS, ProviderAccess.SHARED, ProviderAccess.OPTED_OUT, T1);
        assertEquals(ProviderAccess.OPTED_OUT, history.current(SharingDefaults.CONSERVATIVE).providerAccess());
    }

    @Test
    void payer_to_payer_is_not_shared_until_the_member_opts_in() throws SharingException {
        ChoiceHistory history = ChoiceHistory.empty(KIM);
        assertEquals(PayerToPayer.NOT_SHARED, history.current(SharingDefaults.CONSERVATIVE).payerToPayer());
        // no realm setting can change the two defaults the rule fixes
        assertEquals(PayerToPayer.NOT_SHARED, history.current(SharingDefaults.parse("include")).payerToPayer());
        assertEquals(ProviderAccess.SHARED, history.current(SharingDefaults.parse("include")).providerAccess());

        history = byMember(history, Choice.PAYER_TO_PAYER, PayerToPayer.NOT_SHARED, PayerToPayer.ALL_EXCEPT_SENSITIVE, T1);
        assertEquals(PayerToPayer.ALL_EXCEPT_SENSITIVE, history.current(SharingDefaults.CONSERVATIVE).payerToPayer());
    }

    @Test
    void sensitive_data_for_apps_is_left_out_unless_the_realm_or_the_member_includes_it() throws SharingException {
        assertEquals(SensitiveData.EXCLUDE, SharingDefaults.CONSERVATIVE.sensitiveDataForApps());
        assertEquals(SensitiveData.EXCLUDE, SharingChoices.defaults(SharingDefaults.CONSERVATIVE).sensitiveDataForApps());
        assertEquals(SensitiveData.INCLUDE, SharingChoices.defaults(SharingDefaults.parse("include")).sensitiveDataForApps());

        ChoiceHistory history = byMember(ChoiceHistory.empty(KIM), Choice.SENSITIVE_DATA_FOR_APPS, SensitiveData.EXCLUDE,
                SensitiveData.INCLUDE, T1);
        assertEquals(SensitiveData.INCLUDE, history.current(SharingDefaults.CONSERVATIVE).sensitiveDataForApps());
    }

    @ParameterizedTest
    @CsvSource(value = {"include, INCLUDE", " INCLUDE , INCLUDE", "exclude, EXCLUDE", "'', EXCLUDE", "NULL, EXCLUDE",
            "yes, EXCLUDE", "true, EXCLUDE", "includ, EXCLUDE"}, nullValues = "NULL")
    void the_realm_setting_for_sensitive_data_fails_closed(String setting, SensitiveData expected) {
        assertEquals(expected, SharingDefaults.parse(setting).sensitiveDataForApps());
    }

    @Test
    void a_recorded_choice_outlives_a_later_change_of_the_realm_default() throws SharingException {
        ChoiceHistory history = byMember(ChoiceHistory.empty(KIM), Choice.SENSITIVE_DATA_FOR_APPS, SensitiveData.EXCLUDE,
                SensitiveData.INCLUDE, T1);
        history = byMember(history, Choice.SENSITIVE_DATA_FOR_APPS, SensitiveData.INCLUDE, SensitiveData.EXCLUDE, T2);
        // the realm now includes by default; the member's explicit EXCLUDE stays, and the stored history still reads
        SharingDefaults includeByDefault = SharingDefaults.parse("include");
        ChoiceHistory reread = ChoiceHistory.of(KIM, history.changes());
        assertEquals(SensitiveData.EXCLUDE, reread.current(includeByDefault).sensitiveDataForApps());
    }

    @Test
    void values_are_read_by_name_and_unknown_values_are_refused_without_echoing_them() throws SharingException {
        assertEquals(ProviderAccess.OPTED_OUT, Choice.PROVIDER_ACCESS.parse(" opted_out "));
        assertEquals(PayerToPayer.ALL_EXCEPT_SENSITIVE, Choice.PAYER_TO_PAYER.parse("ALL_EXCEPT_SENSITIVE"));
        assertEquals(Choice.SENSITIVE_DATA_FOR_APPS, Choice.named("sensitive_data_for_apps"));

        for (String bad : new String[] {null, "", "INCLUDE", "<b>opt out</b>"}) {
            SharingException e = assertThrows(SharingException.class, () -> Choice.PROVIDER_ACCESS.parse(bad), bad);
            assertEquals(SharingRefusal.UNKNOWN_VALUE, e.refusal());
            assertEquals("Missing or unknown value for PROVIDER_ACCESS; allowed: SHARED, OPTED_OUT", e.description());
        }
        assertEquals(SharingRefusal.UNKNOWN_VALUE,
                assertThrows(SharingException.class, () -> Choice.named("MARKETING")).refusal());
    }

    @Test
    void every_value_belongs_to_exactly_its_choice() {
        for (Choice choice : Choice.values()) {
            for (ChoiceValue value : choice.allowed()) {
                assertEquals(choice, value.choice());
                assertEquals(value, SharingChoices.defaults(SharingDefaults.CONSERVATIVE).with(value).value(choice));
            }
        }
    }
}
