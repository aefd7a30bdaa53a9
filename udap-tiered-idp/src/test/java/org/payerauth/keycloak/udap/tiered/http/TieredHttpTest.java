package org.payerauth.keycloak.udap.tiered.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;
import org.payerauth.udap.tiered.TieredSettings;

/**
 * Security review 2, M4: with an outbound proxy configured, the proxy (not this server) resolves identity providers'
 * names, so the address policy cannot apply: Tiered traffic is refused ({@code invalid_idp}) unless the realm opts in
 * with {@code udap.tiered.allowProxy}; then it goes through Keycloak's client and its proxy.
 */
class TieredHttpTest {

    private static final String PROXY_PROPERTY = "https.proxyHost";

    private String before;

    @BeforeEach
    void rememberProxy() {
        before = System.getProperty(PROXY_PROPERTY);
    }

    @AfterEach
    void restoreProxy() {
        if (before == null) {
            System.clearProperty(PROXY_PROPERTY);
        } else {
            System.setProperty(PROXY_PROPERTY, before);
        }
    }

    private static TieredSettings settings(boolean allowProxy) {
        return new TieredSettings(false, Duration.ofHours(1), TieredSettings.MemberMapping.VERIFY_EXISTING, 100, 8, 10,
                "payer", Optional.empty(), List.of(), allowProxy);
    }

    private static RealmModel realm() {
        return (RealmModel) Proxy.newProxyInstance(RealmModel.class.getClassLoader(), new Class<?>[] {RealmModel.class},
                (proxy, method, args) -> method.getName().equals("getName") ? "payer" : null);
    }

    /** A session whose HttpClientProvider hands out {@code client} (Keycloak's own client, with its proxy). */
    private static KeycloakSession session(CloseableHttpClient client) {
        HttpClientProvider provider = (HttpClientProvider) Proxy.newProxyInstance(HttpClientProvider.class.getClassLoader(),
                new Class<?>[] {HttpClientProvider.class},
                (proxy, method, args) -> method.getName().equals("getHttpClient") ? client : null);
        return (KeycloakSession) Proxy.newProxyInstance(KeycloakSession.class.getClassLoader(), new Class<?>[] {KeycloakSession.class},
                (proxy, method, args) -> method.getName().equals("getProvider") && args.length == 1
                        && args[0] == HttpClientProvider.class ? provider : null);
    }

    @Test
    void with_a_proxy_configured_tiered_traffic_is_refused_unless_the_realm_opts_in() throws Exception {
        System.setProperty(PROXY_PROPERTY, "proxy.payer.example");
        UdapException refused = assertThrows(UdapException.class,
                () -> TieredHttp.fetcher(session(null), realm(), settings(false)));
        assertEquals(Reason.UNTRUSTED_IDENTITY_PROVIDER, refused.reason());
        assertEquals("invalid_idp", refused.error());
        assertEquals(TieredHttp.PROXY_REFUSED, refused.getMessage());
        assertFalse(refused.getMessage().contains("proxy.payer.example"), "the app is not told the proxy");
        assertTrue(refused.detail().contains("udap.tiered.allowProxy"), refused.detail());

        try (CloseableHttpClient keycloaks = HttpClients.createDefault()) {
            assertNotNull(TieredHttp.fetcher(session(keycloaks), realm(), settings(true)), "opted in: Keycloak's client and proxy");
        }
    }
}
