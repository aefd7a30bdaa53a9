package org.payerauth.keycloak.smart.patient;

import org.payerauth.keycloak.common.patient.PatientDirectory;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.payerauth.smart.PatientChoice;

/**
 * Reads the multi-valued user attribute {@value #ATTRIBUTE}: one value per patient, {@code id|display name|birth date}
 * (e.g. {@code rita-1|Rita Representative|1975-02-03}). Malformed values are skipped and logged.
 */
final class UserAttributePatientDirectory implements PatientDirectory {

    static final String ATTRIBUTE = "smart_patients";

    private static final Logger LOG = Logger.getLogger(UserAttributePatientDirectory.class);

    @Override
    public List<PatientChoice> patientsFor(RealmModel realm, UserModel user) {
        List<PatientChoice> patients = new ArrayList<>();
        user.getAttributeStream(ATTRIBUTE).forEach(value -> {
            try {
                patients.add(PatientChoice.parse(value));
            } catch (IllegalArgumentException e) {
                LOG.warnf("Realm '%s', user id %s: skipping a malformed %s value (%s)", realm.getName(), user.getId(),
                        ATTRIBUTE, e.getMessage());
            }
        });
        return patients;
    }
}
