package org.payerauth.keycloak.udap.community;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;

import org.keycloak.crl.CrlStorageProvider;
import org.keycloak.models.KeycloakSession;
import org.payerauth.keycloak.common.http.OutboundFetcher;
import org.payerauth.udap.pki.CertificateChainValidator;

/**
 * CRLs through Keycloak's own CRL cache ({@link CrlStorageProvider}: cached per URL, concurrent loads coalesced,
 * refreshes rate-limited), downloaded with the {@link OutboundFetcher} (Keycloak's HTTP client, no redirects, an
 * overall deadline and a size cap: one slow CRL host cannot stall a community's requests indefinitely).
 */
public final class KeycloakCrlSource implements CertificateChainValidator.CrlSource {

    private final KeycloakSession session;

    public KeycloakCrlSource(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public X509CRL fetch(URI url) throws IOException, GeneralSecurityException {
        return cached(session.getProvider(CrlStorageProvider.class), url.toString(), () -> load(url));
    }

    /**
     * The CRL from Keycloak's cache. One without {@code nextUpdate} would stay there indefinitely, so it is fetched
     * again whenever a chain that uses it is validated anew: at most once per chain-cache lifetime (10 minutes), and
     * Keycloak rate-limits refreshes of one URL ({@code minTimeBetweenRequests}).
     */
    static X509CRL cached(CrlStorageProvider cache, String key, java.util.concurrent.Callable<X509CRL> loader)
            throws GeneralSecurityException {
        X509CRL crl = cache.get(key, loader);
        if (crl != null && crl.getNextUpdate() == null && cache.refreshCache(key, loader)) {
            crl = cache.get(key, loader);
        }
        return crl;
    }

    private X509CRL load(URI url) throws GeneralSecurityException {
        try {
            byte[] body = new OutboundFetcher(session).get(url, OutboundFetcher.Limits.CRL);
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(body));
        } catch (IOException e) {
            throw new GeneralSecurityException("CRL download failed: " + e.getMessage(), e);
        }
    }
}
