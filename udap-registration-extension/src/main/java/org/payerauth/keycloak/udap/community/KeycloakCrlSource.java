package org.payerauth.keycloak.udap.community;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;

import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.crl.CrlStorageProvider;
import org.keycloak.models.KeycloakSession;
import org.payerauth.udap.pki.CertificateChainValidator;

/**
 * CRLs through Keycloak's own CRL cache ({@link CrlStorageProvider}: cached per URL, concurrent loads coalesced,
 * refreshes rate-limited) and its outgoing HTTP client (the server's timeouts, proxy and size limits).
 */
public final class KeycloakCrlSource implements CertificateChainValidator.CrlSource {

    private final KeycloakSession session;

    public KeycloakCrlSource(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public X509CRL fetch(URI url) throws IOException, GeneralSecurityException {
        CrlStorageProvider cache = session.getProvider(CrlStorageProvider.class);
        return cache.get(url.toString(), () -> load(url));
    }

    private X509CRL load(URI url) throws GeneralSecurityException {
        try (InputStream in = session.getProvider(HttpClientProvider.class).getInputStream(url.toString())) {
            if (in == null) {
                return null;
            }
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        } catch (IOException e) {
            throw new GeneralSecurityException("CRL download failed: " + url, e);
        }
    }
}
