package org.payerauth.keycloak.payer.metrics;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One patient's data reached one app on one UTC day ({@code PAYER_ACCESS_DAY}; unique realm, patient, client, day):
 * what the Patient Access metrics count. No token, scope or user is kept.
 */
@Entity
@Table(name = "PAYER_ACCESS_DAY")
public class AccessDayEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "PATIENT", length = 64, nullable = false)
    private String patient;

    @Column(name = "CLIENT_ID", length = 255, nullable = false)
    private String clientId;

    /** Days since 1970-01-01 (UTC). */
    @Column(name = "ACCESS_DAY", nullable = false)
    private int day;

    /** The day's month as yyyymm, for the per-month breakdown. */
    @Column(name = "ACCESS_MONTH", nullable = false)
    private int month;

    @Column(name = "TOKEN_ISSUED", nullable = false)
    private boolean tokenIssued;

    @Column(name = "INTROSPECTED", nullable = false)
    private boolean introspected;

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

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public int getDay() {
        return day;
    }

    public void setDay(int day) {
        this.day = day;
    }

    public int getMonth() {
        return month;
    }

    public void setMonth(int month) {
        this.month = month;
    }

    public boolean isTokenIssued() {
        return tokenIssued;
    }

    public void setTokenIssued(boolean tokenIssued) {
        this.tokenIssued = tokenIssued;
    }

    public boolean isIntrospected() {
        return introspected;
    }

    public void setIntrospected(boolean introspected) {
        this.introspected = introspected;
    }
}
