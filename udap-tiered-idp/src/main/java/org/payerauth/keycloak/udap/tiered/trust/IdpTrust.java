package org.payerauth.keycloak.udap.tiered.trust;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.payerauth.keycloak.common.metrics.PayerAuthMetrics;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;
import org.payerauth.keycloak.common.http.OutboundFetcher;
import org.payerauth.keycloak.udap.community.KeycloakCrlSource;
import org.payerauth.keycloak.udap.community.TrustCommunityComponentFactory;
import org.payerauth.keycloak.udap.tiered.http.TieredHttp;
import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;
import org.payerauth.udap.metadata.SignedMetadataVerifier;
import org.payerauth.udap.pki.TrustCommunity;
import org.payerauth.udap.tiered.IdpAddressPolicy;
import org.payerauth.udap.tiered.IdpTrustCache;
import org.payerauth.udap.tiered.TieredIdpMetadata;
import org.payerauth.udap.tiered.TieredRequest;
import org.payerauth.udap.tiered.TieredSettings;

/**
 * Whether this realm trusts the identity provider an app named (U4, U16): its {@code /.well-known/udap} is fetched
 * through {@link TieredHttp} (no redirects, {@link OutboundFetcher.Limits#IDP_METADATA}, the address policy applied
 * again to the address connected) after the {@link IdpAddressPolicy} allowed the host, and its {@code signed_metadata} must verify against the realm's
 * communities <em>trusted for identity providers</em> ({@link SignedMetadataVerifier}). Verdicts are cached per node
 * ({@link IdpTrustCache}): a warm login fetches nothing, concurrent logins naming one new IdP share one fetch, and at
 * most {@link TieredSettings#maxConcurrentMetadataLoads()} new IdPs of a realm are looked up at once.
 */
public final class IdpTrust {

    private static final Logger LOG = Logger.getLogger(IdpTrust.class);
    private static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "ES256", "ES384");
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    private static final IdpTrustCache CACHE = new IdpTrustCache(Clock.systemUTC());

    static {
        PayerAuthMetrics.cache("tiered_idp_metadata", CACHE, CACHE.counts(), IdpTrustCache::size);
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final TieredSettings settings;

    public IdpTrust(KeycloakSession session, RealmModel realm, TieredSettings settings) {
        this.session = session;
        this.realm = realm;
        this.settings = settings;
    }

    /** The realm's communities that vouch for identity providers (none: Tiered OAuth is off). */
    public static List<TrustCommunity> communities(KeycloakSession session, RealmModel realm) {
        return TrustCommunityComponentFactory.of(session).communities(realm, TrustCommunity.Use.IDENTITY_PROVIDERS);
    }

    /** The verified metadata of the requested IdP; {@link Reason#UNTRUSTED_IDENTITY_PROVIDER} otherwise. */
    public TieredIdpMetadata resolve(TieredRequest request) throws UdapException {
        List<TrustCommunity> communities = communities(session, realm).stream()
                .filter(c -> request.community().map(c.uri()::equals).orElse(true))
                .toList();
        if (communities.isEmpty()) {
            throw new UdapException(Reason.UNTRUSTED_IDENTITY_PROVIDER, request.community()
                    .map(c -> "The community " + c + " is not trusted for identity providers here")
                    .orElse("No trust community of this server is trusted for identity providers"));
        }
        return CACHE.get(realm.getId(), cacheKey(request, communities), settings.metadataMaxReuse(),
                settings.maxConcurrentMetadataLoads(), () -> load(request, communities));
    }

    /** Forgets the verdict on an IdP (it answered in a way that makes this server look again). */
    public void forget(TieredRequest request) {
        CACHE.forget(cacheKey(request, communities(session, realm)));
    }

    private String cacheKey(TieredRequest request, List<TrustCommunity> communities) {
        return realm.getId() + "|" + request.idp() + "|" + request.community().orElse("") + "|" + settings.allowInsecureIdps()
                + "|" + communities.stream().map(TrustCommunity::version).sorted().collect(Collectors.joining(","));
    }

    private TieredIdpMetadata load(TieredRequest request, List<TrustCommunity> communities) throws UdapException {
        URI url = request.metadataUrl();
        IdpAddressPolicy policy = new IdpAddressPolicy(settings.allowInsecureIdps(), IdpAddressPolicy.SYSTEM);
        policy.check(url);
        Map<String, Object> document = fetchJson(session, url, "UDAP metadata");
        SignedMetadataVerifier verifier = new SignedMetadataVerifier(
                TrustCommunityComponentFactory.of(session).chains(), Clock.systemUTC(), CLOCK_SKEW);
        SignedMetadataVerifier.Verified verified = verifier.verify(document, request.idp(), communities, ALGORITHMS,
                new KeycloakCrlSource(session),
                warning -> LOG.warnf("Realm '%s': identity provider %s: %s", realm.getName(), request.idp(), warning),
                Reason.UNTRUSTED_IDENTITY_PROVIDER);
        TieredIdpMetadata metadata = TieredIdpMetadata.of(verified, settings.allowInsecureIdps());
        policy.check(URI.create(metadata.tokenEndpoint()));
        policy.check(URI.create(metadata.registrationEndpoint()));
        LOG.infof("Realm '%s': identity provider %s is trusted (community %s, signed metadata valid until %s)",
                realm.getName(), request.idp(), metadata.communityUri(), metadata.expiresAt());
        return metadata;
    }

    /** A JSON object fetched with the IdP limits; every failure is {@link Reason#UNTRUSTED_IDENTITY_PROVIDER}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> fetchJson(KeycloakSession session, URI url, String what) throws UdapException {
        byte[] body;
        try {
            body = TieredHttp.fetcher(session).get(url, OutboundFetcher.Limits.IDP_METADATA);
        } catch (OutboundFetcher.FetchException e) {
            throw TieredHttp.refusal(e, new UdapException(Reason.UNTRUSTED_IDENTITY_PROVIDER, "The identity provider's "
                    + what + " could not be fetched: " + e.getMessage()));
        }
        try {
            Object parsed = JsonSerialization.readValue(body, Object.class);
            if (parsed instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        throw new UdapException(Reason.UNTRUSTED_IDENTITY_PROVIDER, "The identity provider's " + what + " at " + url
                + " is not a JSON object");
    }
}
