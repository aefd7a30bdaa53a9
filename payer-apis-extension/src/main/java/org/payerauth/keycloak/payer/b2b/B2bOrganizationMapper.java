package org.payerauth.keycloak.payer.b2b;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.IDToken;
import org.payerauth.b2b.AuthorizationExtensions;
import org.payerauth.b2b.B2bApi;
import org.payerauth.b2b.B2bContext;
import org.payerauth.b2b.Npi;

/**
 * The B2B organization an administrator records for one client (Clients → client → Client scopes → dedicated scope →
 * Add mapper → By configuration → "B2B organization (CMS B2B APIs)"): the organization and NPI a SMART Backend
 * Services client acts for (it sends no {@code hl7-b2b}), the CMS B2B API it is set up for, the purposes of use it is
 * registered for, and the Provider Access attribution Group of its NPI(s). For a UDAP client, only the API and the
 * NPI-to-Group mapping are used (its request's {@code hl7-b2b} says the rest). The B2B token rules
 * ({@link B2bTokenRules}, where every token passes) read these settings and write the B2B claims; this mapper itself
 * adds nothing, so the claims are the same whichever scope the client asks for.
 */
public final class B2bOrganizationMapper extends AbstractOIDCProtocolMapper implements OIDCAccessTokenMapper {

    public static final String PROVIDER_ID = "payer-b2b-organization-mapper";

    public static final String ORGANIZATION_ID = "b2b.organization.id";
    public static final String ORGANIZATION_NAME = "b2b.organization.name";
    public static final String NPI = "b2b.npi";
    public static final String API = "b2b.api";
    public static final String PURPOSES = "b2b.purpose_of_use";
    public static final String GROUP = "b2b.group";
    public static final String NPI_GROUPS = "b2b.npi_groups";
    public static final String API_NONE = "none";

    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property().name(API).label("CMS B2B API").type(ProviderConfigProperty.LIST_TYPE)
            .options(API_NONE, B2bApi.PROVIDER_ACCESS.setting(), B2bApi.PAYER_TO_PAYER.setting()).defaultValue(API_NONE)
            .helpText("provider-access: a provider's system (member-scoped tokens unless the member opted out). "
                    + "payer-to-payer: another health plan (member-scoped tokens only for members who opted in). "
                    + "none: no member-scoped tokens. Overrides the client's trust community setting.").add()
            .property().name(ORGANIZATION_ID).label("Organization ID (URI)").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("The organization this client acts for, as a URI (e.g. urn:oid:... or https://...). SMART Backend "
                    + "Services clients only: a UDAP client's hl7-b2b says it.").add()
            .property().name(ORGANIZATION_NAME).label("Organization name").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("The organization's name (SMART Backend Services clients).").add()
            .property().name(NPI).label("NPI").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("The provider's or organization's National Provider Identifier, ten digits (check digit verified; "
                    + "SMART Backend Services clients).").add()
            .property().name(PURPOSES).label("Purposes of use").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("Space-separated purposes of use this client is registered for, e.g. TREAT COC (SMART Backend "
                    + "Services clients).").add()
            .property().name(GROUP).label("Provider Access Group").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("The FHIR id of the attribution Group this client's tokens are for (Provider Access, PDex "
                    + "§pdex-290), when the request names none.").add()
            .property().name(NPI_GROUPS).label("NPI to Group").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("Space-separated npi=groupId pairs: the attribution Group of a requestor NPI (from hl7-b2b "
                    + "subject_id), when the request names no Group.").add()
            .build();

    /** A client's B2B settings, as this mapper's configuration holds them. */
    public record Settings(B2bApi api, String organizationId, String organizationName, String npi,
                           List<String> purposesOfUse, String group, Map<String, String> npiGroups) {

        /** The B2B context of a client that sends no extension (SMART Backend Services). */
        B2bContext context() {
            return B2bContext.fromSettings(organizationId, organizationName, npi, group, purposesOfUse, api);
        }

        /** The Group an administrator mapped {@code npi} to, or the client's Group, or null. */
        String groupFor(String npi) {
            String mapped = npi == null ? null : npiGroups.get(npi);
            return mapped != null ? mapped : group;
        }
    }

    /** The settings of {@code client}, if an administrator added this mapper to it. */
    public static Optional<Settings> settingsOf(ClientModel client) {
        return client.getProtocolMappersStream().filter(m -> PROVIDER_ID.equals(m.getProtocolMapper())).findFirst()
                .map(m -> settings(m.getConfig()));
    }

    static Settings settings(Map<String, String> config) {
        return new Settings(B2bApi.fromSetting(config.get(API)).orElse(null), config.get(ORGANIZATION_ID),
                config.get(ORGANIZATION_NAME), config.get(NPI), words(config.get(PURPOSES)), config.get(GROUP),
                pairs(config.get(NPI_GROUPS)));
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, ProtocolMapperContainerModel client,
                               ProtocolMapperModel model)
            throws ProtocolMapperConfigException {
        Map<String, String> config = model.getConfig();
        String api = config.get(API);
        if (api != null && !api.isBlank() && !API_NONE.equals(api.trim()) && B2bApi.fromSetting(api).isEmpty()) {
            throw invalid("CMS B2B API must be none, provider-access or payer-to-payer");
        }
        String organization = config.get(ORGANIZATION_ID);
        if (organization != null && !organization.isBlank() && !AuthorizationExtensions.isAbsoluteUri(organization.trim())) {
            throw invalid("Organization ID must be an absolute URI");
        }
        String npi = config.get(NPI);
        if (npi != null && !npi.isBlank() && !Npi.isValid(npi.trim())) {
            throw invalid("NPI must be ten digits with the NPI check digit");
        }
        for (String pair : words(config.get(NPI_GROUPS))) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1 || !Npi.isValid(pair.substring(0, eq))) {
                throw invalid("NPI to Group takes npi=groupId pairs with valid NPIs");
            }
        }
    }

    /** A refusal of the settings; Keycloak looks its message up as a message key, so the key is the message. */
    private static ProtocolMapperConfigException invalid(String message) {
        return new ProtocolMapperConfigException(message, message);
    }

    private static List<String> words(String value) {
        return value == null || value.isBlank() ? List.of() : Arrays.stream(value.trim().split("\\s+")).toList();
    }

    private static Map<String, String> pairs(String value) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : words(value)) {
            int eq = pair.indexOf('=');
            if (eq > 0 && eq < pair.length() - 1) {
                pairs.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return pairs;
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
        return "B2B organization (CMS B2B APIs)";
    }

    @Override
    public String getHelpText() {
        return "Settings of a B2B client: the CMS API it is set up for (Provider Access or Payer-to-Payer), and for "
                + "SMART Backend Services clients its organization, NPI and purposes of use. payer-auth adds the b2b_* "
                + "claims from them.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        // settings only: B2bTokenRules writes the claims where every token passes
    }
}
