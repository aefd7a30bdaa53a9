package org.payerauth.keycloak.payer.metrics;

import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;
import org.payerauth.b2b.B2bClaims;
import org.payerauth.keycloak.common.SmartClaims;
import org.payerauth.keycloak.common.introspection.IntrospectionRules;
import org.payerauth.keycloak.common.issuance.IssuanceRules;
import org.payerauth.metrics.TransferSignal;

/**
 * Records the Patient Access transfers the metrics count: an access token for a patient issued to an app at a code
 * exchange or refresh ({@link TransferSignal#TOKEN_ISSUED}), and an introspection that found such a token active
 * ({@link TransferSignal#INTROSPECTED}). B2B tokens (Provider Access, Payer-to-Payer) are not Patient Access and are
 * not recorded. Both are recorded whatever the realm's definition says, so a change of definition applies to the past.
 */
final class PatientAccessRecording implements IssuanceRules, IntrospectionRules {

    private final KeycloakSession session;

    PatientAccessRecording(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void close() {
    }

    @Override
    public String protocol() {
        return "metrics";
    }

    @Override
    public void tokenResponse(AccessToken accessToken, RefreshToken refreshToken, RefreshToken presentedRefreshToken) {
        if (accessToken == null || session.getContext().getHttpRequest() == null) {
            return;
        }
        String grant = session.getContext().getHttpRequest().getDecodedFormParameters().getFirst(OAuth2Constants.GRANT_TYPE);
        if (OAuth2Constants.AUTHORIZATION_CODE.equals(grant) || OAuth2Constants.REFRESH_TOKEN.equals(grant)) {
            record(accessToken, TransferSignal.TOKEN_ISSUED);
        }
    }

    @Override
    public void introspected(AccessToken token, UserSessionModel userSession, ClientModel client) {
        record(token, TransferSignal.INTROSPECTED);
    }

    private void record(AccessToken token, TransferSignal signal) {
        RealmModel realm = session.getContext().getRealm();
        if (realm == null || !(token.getOtherClaims().get(SmartClaims.PATIENT) instanceof String patient)
                || token.getIssuedFor() == null || token.getOtherClaims().containsKey(B2bClaims.API)) {
            return;
        }
        AccessDayStore.of(session, realm).record(patient, token.getIssuedFor(), signal);
    }
}
