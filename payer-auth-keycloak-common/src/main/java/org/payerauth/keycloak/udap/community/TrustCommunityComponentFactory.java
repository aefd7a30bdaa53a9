package org.payerauth.keycloak.udap.community;

import org.payerauth.udap.certification.CertificationDefinition;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.payerauth.keycloak.common.metrics.PayerAuthMetrics;
import org.keycloak.component.ComponentModel;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.payerauth.keycloak.common.ProviderIds;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.fhir.FhirBaseUrls;
import org.payerauth.udap.pki.CertificateChainValidator;
import org.payerauth.udap.pki.Certificates;
import org.payerauth.udap.pki.TrustCommunity;

/**
 * Trust communities as realm components: created, changed and removed with the admin REST API
 * ({@code /admin/realms/{realm}/components}, {@code providerType} =
 * {@code org.payerauth.keycloak.udap.community.TrustCommunityProvider} or, when the admin console's pages are on,
 * {@code org.keycloak.services.ui.extend.UiPageProvider}; {@code providerId} = {@value #PROVIDER_ID}), exported
 * with the realm, shared by every node. Both types are read ({@link TrustCommunityStorage}). The signing keys are
 * secret properties: reads show them masked.
 */
public final class TrustCommunityComponentFactory implements TrustCommunityProviderFactory {

    public static final String PROVIDER_ID = ProviderIds.UDAP_TRUST_COMMUNITY;

    /** The component type of trust communities in the admin REST API, realm files and the dev tools. */
    public static final String PROVIDER_TYPE = TrustCommunityProvider.class.getName();

    /** The component type of the admin console's pages (Keycloak's declarative UI), for the same communities. */
    public static final String CONSOLE_PROVIDER_TYPE = org.keycloak.services.ui.extend.UiPageProvider.class.getName();

    private static final Logger LOG = Logger.getLogger(TrustCommunityComponentFactory.class);

    /**
     * Parsed communities per component, with the configuration they were parsed from: reused while the component's
     * configuration is equal (a pure function of it, so safe to keep per node); parsed again when it changed.
     */
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    private record Parsed(MultivaluedHashMap<String, String> config, TrustCommunity community,
                          List<CertificationDefinition> certifications) {
    }

    /** Validated chains are cached here (per node, bounded, keyed by community version and certificates). */
    private final CertificateChainValidator chains =
            new CertificateChainValidator(Clock.systemUTC(), Duration.ofMinutes(10));

    public CertificateChainValidator chains() {
        return chains;
    }

    @Override
    public TrustCommunityProvider create(KeycloakSession session, ComponentModel model) {
        return new TrustCommunityProvider() {
        };
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        TrustCommunity community = TrustCommunityConfig.toCommunity(model);
        TrustCommunityConfig.certifications(model, community);
        ComponentModel stored = model.getId() == null ? null : realm.getComponent(model.getId());
        if (stored != null && TrustCommunityConfig.withPemListsJoined(stored.getConfig())
                .equals(TrustCommunityConfig.withPemListsJoined(model.getConfig()))) {
            // The same community, only moved between the REST and the console type (TrustCommunityStorage, also at
            // startup, where no request tells the realm URL) or saved unchanged: its checks held when it was stored.
            return;
        }
        if (community.serverIdentity().isPresent()) {
            FhirBaseUrls fhirBaseUrls = RealmSettings.of(session, realm).fhirBaseUrls()
                    .orElseThrow(() -> new ComponentValidationException("The realm's " + RealmSettings.FHIR_BASE_URLS
                            + " setting is invalid; fix it first"));
            List<String> sans = Certificates.sanUris(community.serverIdentity().get().certificate());
            if (!sans.contains(fhirBaseUrls.defaultUrl())) {
                throw new ComponentValidationException("The server certificate's subjectAltName URIs " + sans
                        + " must include the realm's FHIR base URL " + fhirBaseUrls.defaultUrl());
            }
        }
        boolean otherDefault = community.isDefault() && communities(realm).stream()
                .anyMatch(c -> c.isDefault() && !c.uri().equals(community.uri()));
        boolean sameUri = components(realm)
                .filter(c -> !c.getId().equals(model.getId()))
                .anyMatch(c -> community.uri().equals(c.get(TrustCommunityConfig.COMMUNITY_URI, "").trim()));
        if (sameUri) {
            throw new ComponentValidationException("A trust community with the URI " + community.uri() + " already exists");
        }
        if (otherDefault) {
            throw new ComponentValidationException("Another trust community is already the default; unset it first");
        }
    }

    /** The realm's trust communities, the default one first, then by URI. Invalid ones are skipped and logged. */
    public List<TrustCommunity> communities(RealmModel realm) {
        return components(realm)
                .map(model -> parse(realm, model))
                .filter(java.util.Objects::nonNull)
                .sorted(Comparator.comparing((TrustCommunity c) -> !c.isDefault()).thenComparing(TrustCommunity::uri))
                .toList();
    }

    /** The realm's trust-community components, of both types. */
    public static java.util.stream.Stream<ComponentModel> components(RealmModel realm) {
        return java.util.stream.Stream.concat(realm.getComponentsStream(realm.getId(), PROVIDER_TYPE),
                        realm.getComponentsStream(realm.getId(), CONSOLE_PROVIDER_TYPE))
                .filter(model -> PROVIDER_ID.equals(model.getProviderId()));
    }

    /** The realm's trust communities that vouch for {@code use}, the default one first. */
    public List<TrustCommunity> communities(RealmModel realm, TrustCommunity.Use use) {
        return communities(realm).stream().filter(c -> c.trusts(use)).toList();
    }

    /**
     * The certifications this server understands for apps of {@code community} (the one its component defines, if
     * any); a malformed certification setting is logged and counts as none understood.
     */
    public List<CertificationDefinition> certifications(RealmModel realm, TrustCommunity community) {
        return components(realm).filter(model -> community.uri().equals(model.get(TrustCommunityConfig.COMMUNITY_URI, "").trim()))
                .findFirst().map(model -> {
                    parse(realm, model);
                    Parsed cached = parsed.get(model.getId());
                    return cached == null ? List.<CertificationDefinition>of() : cached.certifications();
                }).orElse(List.of());
    }

    private TrustCommunity parse(RealmModel realm, ComponentModel model) {
        Parsed cached = parsed.get(model.getId());
        if (cached != null && cached.config().equals(model.getConfig())) {
            return cached.community();
        }
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        model.getConfig().forEach((key, values) -> config.put(key, values == null ? null : new java.util.ArrayList<>(values)));
        TrustCommunity community;
        try {
            community = TrustCommunityConfig.toCommunity(model);
        } catch (ComponentValidationException e) {
            LOG.warnf("Realm '%s': trust community component %s is invalid and ignored: %s", realm.getName(),
                    model.getId(), e.getMessage());
            community = null;
        }
        if (parsed.size() > 1000) {
            parsed.clear();
        }
        List<CertificationDefinition> certifications = List.of();
        if (community != null) {
            try {
                certifications = TrustCommunityConfig.certifications(model, community);
            } catch (ComponentValidationException e) {
                LOG.warnf("Realm '%s': the certification of trust community %s is invalid and ignored: %s",
                        realm.getName(), community.uri(), e.getMessage());
            }
        }
        parsed.put(model.getId(), new Parsed(config, community, certifications));
        return community;
    }

    @Override
    public String getHelpText() {
        return "A UDAP trust community: its trust anchors, revocation policy and this server's signing certificate.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return TrustCommunityConfig.PROPERTIES;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void init(Config.Scope config) {
        PayerAuthMetrics.cache("udap_certificate_chains", chains, chains.counts(), CertificateChainValidator::size);
    }

    /** A community made through REST while the console pages are on is moved to the console's type at once. */
    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        TrustCommunityStorage.adopt(realm, model);
    }

    /** A REST update that names the other type moves the community back to the editable one. */
    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        TrustCommunityStorage.adopt(realm, newModel);
    }

    /** At every start, each realm's communities are moved to the type the console state asks for. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof org.keycloak.models.utils.PostMigrationEvent) {
                org.keycloak.models.utils.KeycloakModelUtils.runJobInTransaction(factory,
                        session -> session.realms().getRealmsStream().forEach(TrustCommunityStorage::adoptAll));
            }
        });
    }

    @Override
    public void close() {
    }

    public static TrustCommunityComponentFactory of(KeycloakSession session) {
        return (TrustCommunityComponentFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(TrustCommunityProvider.class, PROVIDER_ID);
    }
}
