package org.payerauth.udap.pki;

import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A UDAP trust community as this server knows it: its URI, the trust anchors (and optional intermediates) that
 * client certificates must chain to, how revocation is checked, and the certificate and key this server signs its
 * metadata with for that community.
 *
 * @param uri            the community URI (what {@code ?community=} names)
 * @param isDefault      whether this community signs {@code /.well-known/udap} when no {@code community} is asked for
 * @param anchors        trust anchors (self-signed roots or pinned CAs)
 * @param intermediates  extra intermediate CA certificates used to build chains
 * @param revocation     the revocation policy
 * @param uploadedCrls   CRLs uploaded by the admin (used with {@link RevocationSource#UPLOADED_CRLS})
 * @param serverIdentity the server's signing key and certificate chain for this community, if configured
 * @param version        changes whenever the configuration changes (cache key for validated chains)
 * @param b2b            what the community requires of its apps' B2B context ({@code hl7-b2b}, purposes of use, NPI,
 *                       the CMS B2B API its apps are set up for)
 * @param trustedFor     what the community vouches for here: client apps (registration, client authentication),
 *                       identity providers (Tiered OAuth), or both
 * @param clientIdentity a separate certificate and key this server registers and authenticates with at the
 *                       community's identity providers (Tiered OAuth), if the admin set one; else the server identity
 */
public record TrustCommunity(String uri, boolean isDefault, List<X509Certificate> anchors,
                             List<X509Certificate> intermediates, Revocation revocation, List<X509CRL> uploadedCrls,
                             Optional<ServerIdentity> serverIdentity, String version, org.payerauth.b2b.B2bPolicy b2b,
                             java.util.Set<Use> trustedFor, Optional<ServerIdentity> clientIdentity) {

    /** A community with the default B2B policy, {@code hl7-b2b} required or not. */
    public TrustCommunity(String uri, boolean isDefault, List<X509Certificate> anchors,
                          List<X509Certificate> intermediates, Revocation revocation, List<X509CRL> uploadedCrls,
                          Optional<ServerIdentity> serverIdentity, String version, boolean b2bRequired,
                          java.util.Set<Use> trustedFor, Optional<ServerIdentity> clientIdentity) {
        this(uri, isDefault, anchors, intermediates, revocation, uploadedCrls, serverIdentity, version,
                org.payerauth.b2b.B2bPolicy.requiringHl7B2b(b2bRequired), trustedFor, clientIdentity);
    }

    /** Whether client_credentials assertions must carry the {@code hl7-b2b} extension. */
    public boolean b2bRequired() {
        return b2b.hl7B2bRequired();
    }

    /** A community without a separate Tiered OAuth client identity. */
    public TrustCommunity(String uri, boolean isDefault, List<X509Certificate> anchors,
                          List<X509Certificate> intermediates, Revocation revocation, List<X509CRL> uploadedCrls,
                          Optional<ServerIdentity> serverIdentity, String version, boolean b2bRequired,
                          java.util.Set<Use> trustedFor) {
        this(uri, isDefault, anchors, intermediates, revocation, uploadedCrls, serverIdentity, version, b2bRequired,
                trustedFor, Optional.empty());
    }

    /** What this server registers and signs client assertions with at identity providers: the client identity, else the server's. */
    public Optional<ServerIdentity> identityAtIdentityProviders() {
        return clientIdentity.isPresent() ? clientIdentity : serverIdentity;
    }

    /** What a community's certificates are trusted to identify (U16: a data holder's local policy). */
    public enum Use {
        /** Apps registering and authenticating with certificates of the community. */
        CLIENT_APPS,
        /** Identity providers a member's login is brokered to (Tiered OAuth). */
        IDENTITY_PROVIDERS
    }

    /** A community trusted for client apps only. */
    public TrustCommunity(String uri, boolean isDefault, List<X509Certificate> anchors,
                          List<X509Certificate> intermediates, Revocation revocation, List<X509CRL> uploadedCrls,
                          Optional<ServerIdentity> serverIdentity, String version, boolean b2bRequired) {
        this(uri, isDefault, anchors, intermediates, revocation, uploadedCrls, serverIdentity, version, b2bRequired,
                java.util.Set.of(Use.CLIENT_APPS));
    }

    /** Whether the community vouches for this use. */
    public boolean trusts(Use use) {
        return trustedFor.contains(use);
    }

    /** A community requiring {@code hl7-b2b} for client_credentials (the default). */
    public TrustCommunity(String uri, boolean isDefault, List<X509Certificate> anchors,
                          List<X509Certificate> intermediates, Revocation revocation, List<X509CRL> uploadedCrls,
                          Optional<ServerIdentity> serverIdentity, String version) {
        this(uri, isDefault, anchors, intermediates, revocation, uploadedCrls, serverIdentity, version, true);
    }

    /** Where CRLs come from. */
    public enum RevocationSource {
        /** The CRL distribution points named in the validated chain's certificates (fetched after the chain is verified). */
        DISTRIBUTION_POINTS,
        /** Only the CRLs an admin uploaded for this community. */
        UPLOADED_CRLS
    }

    /**
     * @param source   where CRLs come from
     * @param softFail accept a chain whose revocation status cannot be determined (logged); fail-closed when false
     */
    public record Revocation(RevocationSource source, boolean softFail) {
        public static final Revocation FAIL_CLOSED_DISTRIBUTION_POINTS = new Revocation(RevocationSource.DISTRIBUTION_POINTS, false);
    }

    /** The server's metadata-signing identity: an RSA private key and its chain (leaf first, SAN URI = FHIR base URL). */
    public record ServerIdentity(PrivateKey privateKey, List<X509Certificate> chain) {
        public ServerIdentity {
            Objects.requireNonNull(privateKey, "privateKey");
            chain = List.copyOf(chain);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("server certificate chain is empty");
            }
        }

        public X509Certificate certificate() {
            return chain.get(0);
        }
    }

    public TrustCommunity {
        Objects.requireNonNull(uri, "uri");
        anchors = List.copyOf(anchors);
        intermediates = List.copyOf(intermediates);
        uploadedCrls = List.copyOf(uploadedCrls);
        Objects.requireNonNull(revocation, "revocation");
        Objects.requireNonNull(serverIdentity, "serverIdentity");
        Objects.requireNonNull(clientIdentity, "clientIdentity");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(b2b, "b2b");
        trustedFor = java.util.Set.copyOf(trustedFor);
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("a trust community needs at least one trust anchor");
        }
    }
}
