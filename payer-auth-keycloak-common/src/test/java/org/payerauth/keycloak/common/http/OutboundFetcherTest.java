package org.payerauth.keycloak.common.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;

import org.junit.jupiter.api.Test;

class OutboundFetcherTest {

    private static final URI URL = URI.create("http://crl.example/ca.crl");

    @Test
    void aBodyWithinTheLimitIsReadWhole() throws Exception {
        byte[] body = new byte[20_000];
        body[19_999] = 7;
        assertArrayEquals(body, OutboundFetcher.read(new ByteArrayInputStream(body), 20_000, System.nanoTime() + 1_000_000_000L, URL));
    }

    @Test
    void aBodyOverTheSizeCapIsRefused() {
        OutboundFetcher.FetchException e = assertThrows(OutboundFetcher.FetchException.class,
                () -> OutboundFetcher.read(new ByteArrayInputStream(new byte[20_001]), 20_000, System.nanoTime() + 1_000_000_000L, URL));
        assertTrue(e.getMessage().contains("larger than 20000 bytes"), e.getMessage());
    }

    @Test
    void aTricklingBodyIsCutOffAtTheDeadline() {
        InputStream trickle = new InputStream() {
            @Override
            public int read() {
                return 1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                b[off] = 1;
                return 1;
            }
        };
        OutboundFetcher.FetchException e = assertThrows(OutboundFetcher.FetchException.class,
                () -> OutboundFetcher.read(trickle, 1_000_000, System.nanoTime() + 100_000_000L, URL));
        assertTrue(e.getMessage().contains("deadline"), e.getMessage());
    }

    @Test
    void onlyHttpUrlsAreFetched() {
        OutboundFetcher fetcher = new OutboundFetcher(null);
        assertThrows(OutboundFetcher.FetchException.class,
                () -> fetcher.get(URI.create("file:///etc/passwd"), OutboundFetcher.Limits.CRL));
        assertThrows(OutboundFetcher.FetchException.class,
                () -> fetcher.get(URI.create("ldap://dir.example/cn=ca"), OutboundFetcher.Limits.CRL));
    }
}
