package org.payerauth.keycloak.payer.sharing.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The current value of one recorded choice of one patient ({@code PAYER_SHARING_CURRENT}): a projection of the
 * history's latest change of that choice, written in the same transaction as the change, so the FHIR server's list
 * queries (who opted out, who opted in, what changed since) are index range scans, not a search of the history.
 */
@Entity
@Table(name = "PAYER_SHARING_CURRENT")
public class CurrentChoiceEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "PATIENT", length = 64, nullable = false)
    private String patient;

    @Column(name = "CHOICE", length = 32, nullable = false)
    private String choice;

    @Column(name = "CHOICE_VALUE", length = 32, nullable = false)
    private String value;

    @Column(name = "CHANGED_AT", nullable = false)
    private long changedAt;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getPatient() {
        return patient;
    }

    public void setPatient(String patient) {
        this.patient = patient;
    }

    public String getChoice() {
        return choice;
    }

    public void setChoice(String choice) {
        this.choice = choice;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }

    public long getChangedAt() {
        return changedAt;
    }

    public void setChangedAt(long changedAt) {
        this.changedAt = changedAt;
    }
}
