package org.payerauth.keycloak.udap.tiered.registration;

import java.net.URI;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.util.JsonSerialization;
import org.payerauth.fhir.FhirBaseUrls;
import org.payerauth.keycloak.common.ProviderIds;
import org.payerauth.keycloak.common.endpoints.RealmEndpoints;
import org.payerauth.keycloak.common.http.OutboundFetcher;
import org.payerauth.keycloak.udap.tiered.http.TieredHttp;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.keycloak.udap.tiered.trust.IdpTrust;
import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;
import org.payerauth.udap.pki.Certificates;
import org.payerauth.udap.pki.TrustCommunity;
import org.payerauth.udap.registration.ClientMetadata;
import org.payerauth.udap.registration.SoftwareStatementBuilder;
import org.payerauth.udap.tiered.IdpAddressPolicy;
import org.payerauth.udap.tiered.NewIdentityProviderBudget;
import org.payerauth.udap.tiered.TieredAlias;
import org.payerauth.udap.tiered.TieredIdpMetadata;
import org.payerauth.udap.tiered.TieredSettings;

/**
 * This server's registration at a member's identity provider (U5, HL7 UDAP IG 2.0 §6.2): UDAP Dynamic Client
 * Registration with the community's Tiered OAuth client certificate, else its server certificate
 * ({@code authorization_code}, the broker endpoint as redirect
 * URI, {@code openid udap}, {@code private_key_jwt}, our {@code logo_uri} and {@code contacts}), kept as a Keycloak
 * identity provider of type {@value ProviderIds#UDAP_TIERED_IDENTITY_PROVIDER} with a deterministic alias
 * ({@link TieredAlias}): stored in the database, so it survives restarts and serves every node.
 *
 * <p>Concurrent first logins (on any node) register once: the registration runs under a cluster-wide lock in
 * Keycloak's single-use store and commits in its own transaction; the other logins wait for it and reuse it.
 * Registered again when our certificate changed, when the IdP's endpoints changed, or on request (the IdP answered
 * {@code invalid_client}). One registration per IdP (security review 2 L4): the IdP asked for through another
 * community uses the registration made first while that community still vouches for IdPs here; and at most
 * {@code udap.tiered.maxNewIdentityProvidersPerHour} IdPs are registered at for the first time in any hour
 * ({@link NewIdentityProviderBudget}).
 *
 * <p>Every Tiered identity provider uses the realm's two Tiered flows ({@value ProviderIds#TIERED_FIRST_BROKER_LOGIN_FLOW},
 * {@value ProviderIds#TIERED_POST_BROKER_LOGIN_FLOW}): while one is missing, Tiered OAuth is refused
 * ({@link Reason#TIERED_SETUP_INCOMPLETE}); a stored provider whose flows were changed gets them back at its next login.
 */
public final class IdpRegistrar {

    /** Identity-provider config keys (stored with each Tiered IdP; shown in the admin console's raw config). */
    public static final String CONFIG_IDP = "udap.idp";
    public static final String CONFIG_COMMUNITY = "udap.community";
    public static final String CONFIG_CERTIFICATE_SHA256 = "udap.certificateSha256";
    public static final String CONFIG_REGISTERED_AT = "udap.registeredAt";

    private static final Logger LOG = Logger.getLogger(IdpRegistrar.class);
    private static final int LOCK_SECONDS = 30;
    private static final long WAIT_MILLIS = 15_000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final TieredSettings settings;

    public IdpRegistrar(KeycloakSession session, RealmModel realm, TieredSettings settings) {
        this.session = session;
        this.realm = realm;
        this.settings = settings;
    }

    /** What {@link #ensureRegistered} did. */
    public record Registered(String alias, boolean registeredNow) {
    }

    /**
     * The alias of this realm's identity provider for {@code idp}, registering at the IdP first when needed.
     *
     * @param force register again even if a registration exists (the IdP no longer knows our client)
     */
    public Registered ensureRegistered(TieredIdpMetadata requested, boolean force) throws UdapException {
        String alias = TieredAlias.of(requested.issuer());
        TieredFlows flows = requireFlows();
        IdentityProviderModel existing = session.identityProviders().getByAlias(alias);
        TieredIdpMetadata idp = requested;
        boolean keptCommunity = false;
        if (existing != null) {
            requireOurs(existing, requested);
            if (!flows.setOn(existing)) {
                repairFlows(alias, flows);
            }
            String registeredIn = existing.getConfig().get(CONFIG_COMMUNITY);
            if (registeredIn != null && !registeredIn.equals(requested.communityUri())
                    && identityIn(registeredIn).isPresent()) {
                // Security review 2 L4: one registration per IdP. The same IdP asked for through another community
                // (?community=) uses the registration made first while its community still vouches for IdPs here;
                // alternating communities would otherwise register again on every login.
                idp = requested.inCommunity(registeredIn);
                keptCommunity = true;
            }
        }
        TrustCommunity.ServerIdentity identity = identity(idp);
        String fingerprint = sha256(identity.certificate());
        if (existing != null) {
            OIDCIdentityProviderConfig stored = new OIDCIdentityProviderConfig(existing);
            if (!force && fingerprint.equals(existing.getConfig().get(CONFIG_CERTIFICATE_SHA256))
                    && idp.communityUri().equals(existing.getConfig().get(CONFIG_COMMUNITY))
                    && (keptCommunity || (idp.authorizationEndpoint().equals(stored.getAuthorizationUrl())
                            && idp.tokenEndpoint().equals(stored.getTokenUrl())
                            && idp.allowsJwksUri(stored.getJwksUrl(), settings.allowInsecureIdps())))) {
                return new Registered(alias, false);
            }
        } else {
            long tiered = session.identityProviders().getAllStream()
                    .filter(m -> ProviderIds.UDAP_TIERED_IDENTITY_PROVIDER.equals(m.getProviderId())).count();
            if (tiered >= settings.maxIdentityProviders()) {
                throw new UdapException(Reason.IDENTITY_PROVIDER_LIMIT_REACHED, "This server already keeps " + tiered
                        + " Tiered OAuth identity providers (the realm's " + RealmSettings.TIERED_MAX_IDENTITY_PROVIDERS
                        + " limit)");
            }
        }
        String lock = "udap-tiered-registration:" + realm.getId() + ":" + alias;
        String previousRegistration = existing == null ? null : existing.getConfig().get(CONFIG_REGISTERED_AT);
        if (!session.singleUseObjects().putIfAbsent(lock, LOCK_SECONDS)) {
            return new Registered(waitForOtherRegistration(alias, previousRegistration), false);
        }
        if (registeredSince(alias, previousRegistration)) {
            // Another login registered (and committed, then let the lock go) after this one looked: use its result
            // instead of registering a second time.
            session.singleUseObjects().remove(lock);
            return new Registered(alias, false);
        }
        NewIdentityProviderBudget budget = new NewIdentityProviderBudget(new NewIdentityProviderBudget.Slots() {
            @Override
            public boolean claim(String key, long lifespanSeconds) {
                return session.singleUseObjects().putIfAbsent(key, lifespanSeconds);
            }

            @Override
            public void release(String key) {
                session.singleUseObjects().remove(key);
            }
        }, realm.getId(), settings.maxNewIdentityProvidersPerHour());
        String slot = null;
        boolean registered = false;
        try {
            if (existing == null) {
                try {
                    slot = budget.claim();
                } catch (UdapException e) {
                    LOG.warnf("Realm '%s': no new Tiered identity provider for %s: %d were registered within the last "
                            + "hour (%s)", realm.getName(), idp.issuer(), settings.maxNewIdentityProvidersPerHour(),
                            RealmSettings.TIERED_MAX_NEW_IDENTITY_PROVIDERS_PER_HOUR);
                    throw e;
                }
            }
            register(idp, alias, identity, fingerprint, flows);
            registered = true;
            return new Registered(alias, true);
        } finally {
            if (slot != null && !registered) {
                budget.release(slot);
            }
            session.singleUseObjects().remove(lock);
        }
    }

    private void register(TieredIdpMetadata idp, String alias, TrustCommunity.ServerIdentity identity, String fingerprint,
                          TieredFlows flows) throws UdapException {
        IdpAddressPolicy policy = new IdpAddressPolicy(settings.allowInsecureIdps(), IdpAddressPolicy.SYSTEM);
        Map<String, Object> oidc = IdpTrust.fetchJson(session, URI.create(stripSlash(idp.issuer()) + "/.well-known/openid-configuration"),
                "OpenID configuration");
        if (!idp.issuer().equals(oidc.get("issuer"))) {
            throw refuse("The identity provider's OpenID configuration names another issuer than " + idp.issuer());
        }
        // Security review 2 L2: the signed metadata's jwks_uri, else the OpenID configuration's on the issuer's origin.
        String jwksUri = idp.jwksUri(oidc.get("jwks_uri") instanceof String s ? s : null, settings.allowInsecureIdps());
        policy.check(URI.create(jwksUri));
        String logoUri = settings.logoUri().orElseThrow(() -> refuse("This server cannot register at identity providers "
                + "until its administrator sets the realm attribute " + RealmSettings.TIERED_LOGO_URI + " (an https logo URL)"));
        if (settings.contacts().isEmpty()) {
            throw refuse("This server cannot register at identity providers until its administrator sets the realm "
                    + "attribute " + RealmSettings.TIERED_CONTACTS + " (mailto: URIs)");
        }
        String redirectUri = RealmEndpoints.of(session, realm).issuer() + "/broker/" + alias + "/endpoint";
        String statement = SoftwareStatementBuilder.of(ourClientUri(identity), idp.registrationEndpoint())
                .clientName(settings.clientName())
                .redirectUris(List.of(redirectUri))
                .contacts(settings.contacts())
                .logoUri(logoUri)
                .grantTypes(List.of(ClientMetadata.AUTHORIZATION_CODE))
                .responseTypes(List.of("code"))
                .tokenEndpointAuthMethod(ClientMetadata.PRIVATE_KEY_JWT)
                .scope("openid udap email profile")
                .sign(identity.privateKey(), identity.chain());
        OutboundFetcher.Answer answer;
        try {
            // the guarded client of all Tiered traffic: the address policy applies to the address connected
            answer = TieredHttp.fetcher(session, realm, settings).postJson(URI.create(idp.registrationEndpoint()),
                    SoftwareStatementBuilder.registrationRequest(statement), OutboundFetcher.Limits.IDP_METADATA);
        } catch (OutboundFetcher.FetchException e) {
            throw TieredHttp.refusal(e, refuse("Registering at the identity provider failed: " + e.getMessage()));
        }
        Map<String, Object> body = parse(answer.text());
        if (answer.status() != 201 && answer.status() != 200) {
            throw refuse("The identity provider refused this server's registration (HTTP " + answer.status() + ": "
                    + body.getOrDefault("error", "?") + (body.get("error_description") instanceof String d ? ", " + d : "") + ")");
        }
        if (!(body.get("client_id") instanceof String clientId) || clientId.isBlank()) {
            throw refuse("The identity provider's registration answer has no client_id");
        }
        String userInfo = oidc.get("userinfo_endpoint") instanceof String u ? u : null;
        String realmId = realm.getId();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        KeycloakModelUtils.runJobInTransaction(factory, s -> {
            RealmModel r = s.realms().getRealm(realmId);
            s.getContext().setRealm(r);
            IdentityProviderModel stored = s.identityProviders().getByAlias(alias);
            OIDCIdentityProviderConfig config = new OIDCIdentityProviderConfig(stored == null ? new IdentityProviderModel() : stored);
            config.setAlias(alias);
            config.setProviderId(ProviderIds.UDAP_TIERED_IDENTITY_PROVIDER);
            config.setEnabled(true);
            IdentityProviderFlag.HIDE_ON_LOGIN.set(config, true);
            config.setDisplayName("UDAP: " + URI.create(idp.issuer()).getHost());
            config.setIssuer(idp.issuer());
            config.setAuthorizationUrl(idp.authorizationEndpoint());
            config.setTokenUrl(idp.tokenEndpoint());
            config.setUserInfoUrl(userInfo);
            config.setDisableUserInfoService(true);
            config.setJwksUrl(jwksUri);
            config.setUseJwksUrl(true);
            config.setValidateSignature(true);
            config.setDisableNonce(false);
            config.setPkceEnabled(true);
            config.setPkceMethod("S256");
            config.setClientId(clientId);
            config.setClientAuthMethod("private_key_jwt");
            config.setDefaultScope("openid udap email profile");
            config.setSyncMode(IdentityProviderSyncMode.IMPORT);
            IdentityProviderFlag.TRUST_EMAIL.set(config, false);
            IdentityProviderFlag.STORE_TOKEN.set(config, false);
            config.setFirstBrokerLoginFlowId(flows.firstBrokerLogin());
            config.setPostBrokerLoginFlowId(flows.postBrokerLogin());
            config.getConfig().put(CONFIG_IDP, idp.issuer());
            config.getConfig().put(CONFIG_COMMUNITY, idp.communityUri());
            config.getConfig().put(CONFIG_CERTIFICATE_SHA256, fingerprint);
            config.getConfig().put(CONFIG_REGISTERED_AT, Instant.now().toString());
            if (stored == null) {
                s.identityProviders().create(config);
            } else {
                s.identityProviders().update(config);
            }
        });
        LOG.infof("Realm '%s': registered at identity provider %s (alias %s, community %s)", realm.getName(),
                idp.issuer(), alias, idp.communityUri());
    }

    /** The ids of the realm's two Tiered flows, which every Tiered identity provider uses. */
    private record TieredFlows(String firstBrokerLogin, String postBrokerLogin) {

        boolean setOn(IdentityProviderModel provider) {
            return firstBrokerLogin.equals(provider.getFirstBrokerLoginFlowId())
                    && postBrokerLogin.equals(provider.getPostBrokerLoginFlowId());
        }
    }

    /**
     * The realm's Tiered flows (security review 2 L3). Without them a Tiered identity provider would run Keycloak's
     * default first-broker-login flow, which creates accounts, and no patient picker or consent: refused instead.
     */
    private TieredFlows requireFlows() throws UdapException {
        AuthenticationFlowModel first = realm.getFlowByAlias(ProviderIds.TIERED_FIRST_BROKER_LOGIN_FLOW);
        AuthenticationFlowModel post = realm.getFlowByAlias(ProviderIds.TIERED_POST_BROKER_LOGIN_FLOW);
        if (first == null || post == null) {
            String missing = first == null ? ProviderIds.TIERED_FIRST_BROKER_LOGIN_FLOW : ProviderIds.TIERED_POST_BROKER_LOGIN_FLOW;
            LOG.warnf("Realm '%s' has no authentication flow '%s'; Tiered OAuth is refused until it exists again",
                    realm.getName(), missing);
            throw new UdapException(Reason.TIERED_SETUP_INCOMPLETE, "This server cannot sign members in at identity "
                    + "providers until its administrator restores the authentication flow '" + missing + "'");
        }
        return new TieredFlows(first.getId(), post.getId());
    }

    /** Gives a stored Tiered identity provider the realm's Tiered flows back (an edit or a missing flow changed them). */
    private void repairFlows(String alias, TieredFlows flows) {
        String realmId = realm.getId();
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
            RealmModel r = s.realms().getRealm(realmId);
            s.getContext().setRealm(r);
            IdentityProviderModel stored = s.identityProviders().getByAlias(alias);
            if (stored != null && !flows.setOn(stored)) {
                stored.setFirstBrokerLoginFlowId(flows.firstBrokerLogin());
                stored.setPostBrokerLoginFlowId(flows.postBrokerLogin());
                s.identityProviders().update(stored);
            }
        });
        LOG.warnf("Realm '%s': identity provider %s did not use the Tiered flows '%s' and '%s'; set back", realm.getName(),
                alias, ProviderIds.TIERED_FIRST_BROKER_LOGIN_FLOW, ProviderIds.TIERED_POST_BROKER_LOGIN_FLOW);
    }

    /** Whether a registration other than {@code previousRegistration} is committed now (read in a transaction of its own). */
    private boolean registeredSince(String alias, String previousRegistration) {
        String realmId = realm.getId();
        return Boolean.TRUE.equals(KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), s -> {
            RealmModel r = s.realms().getRealm(realmId);
            s.getContext().setRealm(r);
            IdentityProviderModel m = s.identityProviders().getByAlias(alias);
            return m != null && !java.util.Objects.equals(previousRegistration, m.getConfig().get(CONFIG_REGISTERED_AT));
        }));
    }

    /** Another login (maybe on another node) is registering: wait until its result is committed. */
    private String waitForOtherRegistration(String alias, String previousRegistration) throws UdapException {
        long until = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < until) {
            if (registeredSince(alias, previousRegistration)) {
                return alias;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw refuse("Another sign-in is registering this server at the identity provider; try again in a moment");
    }

    private void requireOurs(IdentityProviderModel existing, TieredIdpMetadata idp) throws UdapException {
        if (!ProviderIds.UDAP_TIERED_IDENTITY_PROVIDER.equals(existing.getProviderId())
                || !idp.issuer().equals(existing.getConfig().get(CONFIG_IDP))) {
            LOG.warnf("Realm '%s': identity provider alias %s is taken by another identity provider; Tiered OAuth to %s "
                    + "is refused", realm.getName(), existing.getAlias(), idp.issuer());
            throw refuse("This server's identity provider for " + idp.issuer() + " conflicts with another one; "
                    + "its administrator must resolve it");
        }
    }

    private TrustCommunity.ServerIdentity identity(TieredIdpMetadata idp) throws UdapException {
        return identityIn(idp.communityUri())
                .orElseThrow(() -> refuse("The community " + idp.communityUri() + " has no server (or Tiered OAuth client) "
                        + "certificate here, so this server cannot register at its identity providers"));
    }

    /** Our identity at identity providers of a community trusted for them here, if it has one. */
    private Optional<TrustCommunity.ServerIdentity> identityIn(String communityUri) {
        return IdpTrust.communities(session, realm).stream()
                .filter(c -> c.uri().equals(communityUri))
                .findFirst()
                .flatMap(TrustCommunity::identityAtIdentityProviders);
    }

    /** Our UDAP client URI: the certificate's SAN URI that is the realm's FHIR base URL, else its first SAN URI. */
    private String ourClientUri(TrustCommunity.ServerIdentity identity) throws UdapException {
        List<String> sans = Certificates.sanUris(identity.certificate());
        Optional<String> fhirBase = RealmSettings.of(session, realm).fhirBaseUrls().map(FhirBaseUrls::defaultUrl);
        if (fhirBase.isPresent() && sans.contains(fhirBase.get())) {
            return fhirBase.get();
        }
        if (sans.isEmpty()) {
            throw refuse("The community's server certificate has no subjectAltName URI");
        }
        return sans.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) {
        try {
            Object value = JsonSerialization.readValue(json, Object.class);
            return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        } catch (Exception e) {
            return Map.of();
        }
    }

    static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static UdapException refuse(String description) {
        return new UdapException(Reason.UNTRUSTED_IDENTITY_PROVIDER, description);
    }
}
