package org.payerauth.keycloak.payer.sharing.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One row of a patient's sharing-choice history ({@code PAYER_SHARING_CHANGE}): written once, never updated. The
 * unique key (realm, patient, sequence) makes two concurrent changes from one state impossible on every node: the
 * second insert fails and is answered as a stale choice.
 */
@Entity
@Table(name = "PAYER_SHARING_CHANGE")
public class ChoiceChangeEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "PATIENT", length = 64, nullable = false)
    private String patient;

    @Column(name = "SEQ", nullable = false)
    private int sequence;

    @Column(name = "CHOICE", length = 32, nullable = false)
    private String choice;

    @Column(name = "PREVIOUS_VALUE", length = 32, nullable = false)
    private String previousValue;

    @Column(name = "NEXT_VALUE", length = 32, nullable = false)
    private String nextValue;

    @Column(name = "CHANGED_BY", length = 36, nullable = false)
    private String changedBy;

    @Column(name = "ACTING_AS", length = 16, nullable = false)
    private String actingAs;

    @Column(name = "CHANNEL", length = 16, nullable = false)
    private String channel;

    @Column(name = "REASON", length = 1000)
    private String reason;

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

    public int getSequence() {
        return sequence;
    }

    public void setSequence(int sequence) {
        this.sequence = sequence;
    }

    public String getChoice() {
        return choice;
    }

    public void setChoice(String choice) {
        this.choice = choice;
    }

    public String getPreviousValue() {
        return previousValue;
    }

    public void setPreviousValue(String previousValue) {
        this.previousValue = previousValue;
    }

    public String getNextValue() {
        return nextValue;
    }

    public void setNextValue(String nextValue) {
        this.nextValue = nextValue;
    }

    public String getChangedBy() {
        return changedBy;
    }

    public void setChangedBy(String changedBy) {
        this.changedBy = changedBy;
    }

    public String getActingAs() {
        return actingAs;
    }

    public void setActingAs(String actingAs) {
        this.actingAs = actingAs;
    }

    public String getChannel() {
        return channel;
    }

    public void setChannel(String channel) {
        this.channel = channel;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public long getChangedAt() {
        return changedAt;
    }

    public void setChangedAt(long changedAt) {
        this.changedAt = changedAt;
    }
}
