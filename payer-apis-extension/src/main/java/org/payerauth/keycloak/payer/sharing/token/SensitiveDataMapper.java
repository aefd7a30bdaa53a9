package org.payerauth.keycloak.payer.sharing.token;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapperUtils;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;
import org.payerauth.keycloak.common.SmartClaims;
import org.payerauth.keycloak.common.patient.PatientDirectory;
import org.payerauth.keycloak.payer.sharing.MemberSharingChoices;

/**
 * The {@value SmartClaims#SENSITIVE_DATA} claim: whether the app may get the sensitive data of the token's patient
 * (its {@code patient} claim, or else the member's own record), from the patient's standing choice or the realm's
 * default. Worked out whenever a token is made: at the code exchange, at every refresh, and at every introspection,
 * where it reports the choice as it is now. A claim only: the FHIR server filters what it returns; whether a token is
 * issued at all is decided elsewhere. Runs after the SMART launch-context mapper, whose {@code patient} it reads.
 */
public final class SensitiveDataMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "payer-sensitive-data-mapper";

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, SensitiveDataMapper.class);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "CMS sensitive-data choice";
    }

    @Override
    public String getHelpText() {
        return "Adds sensitive_data (include or exclude): the member's choice whether apps may get the patient's "
                + "sensitive data, for the token's patient.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    /** After the SMART launch-context mapper (priority 0), which writes the {@code patient} claim. */
    @Override
    public int getPriority() {
        return ProtocolMapperUtils.PRIORITY_SCRIPT_MAPPER + 60;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        if (userSession.getUser().getServiceAccountClientLink() != null) {
            return; // a B2B client: the B2B token rules decide its member-scoped tokens' sensitive_data
        }
        Object claimed = token.getOtherClaims().get(SmartClaims.PATIENT);
        Optional<String> patient = claimed instanceof String id ? Optional.of(id)
                : session.getProvider(PatientDirectory.class).ownPatient(userSession.getRealm(), userSession.getUser());
        patient.ifPresent(id -> token.getOtherClaims().put(SmartClaims.SENSITIVE_DATA,
                new MemberSharingChoices(session, userSession.getRealm()).sensitiveDataIncluded(id)
                        ? SmartClaims.SENSITIVE_INCLUDE : SmartClaims.SENSITIVE_EXCLUDE));
    }
}
