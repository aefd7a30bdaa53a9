package org.payerauth.keycloak.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.payerauth.cache.CacheCounts;
import org.payerauth.udap.Reason;

class PayerAuthMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void addRegistry() {
        Metrics.addRegistry(registry);
    }

    @AfterEach
    void removeRegistry() {
        Metrics.removeRegistry(registry);
    }

    @Test
    void outcomes_and_reasons_are_bounded_tags_and_never_identities() {
        PayerAuthMetrics.udapRegistration("payer", "refused", Reason.UNTRUSTED_CERTIFICATE);
        PayerAuthMetrics.udapRegistration("payer", "refused", Reason.UNTRUSTED_CERTIFICATE);
        PayerAuthMetrics.udapClientAuthentication("payer", null);
        PayerAuthMetrics.tieredLogin(null, Reason.INVALID_ID_TOKEN);
        assertEquals(2.0, registry.get(PayerAuthMetrics.UDAP_REGISTRATIONS).tags("realm", "payer", "outcome", "refused",
                "reason", "untrusted_certificate").counter().count());
        assertEquals(1.0, registry.get(PayerAuthMetrics.UDAP_CLIENT_AUTHENTICATIONS).tags("outcome", "success",
                "reason", "none").counter().count());
        assertEquals(1.0, registry.get(PayerAuthMetrics.TIERED_LOGINS).tags("realm", "none", "outcome", "failure",
                "reason", "invalid_id_token").counter().count(), "a missing realm is a tag value, not an error");
        Set<String> keys = new HashSet<>();
        registry.getMeters().stream().filter(m -> !m.getId().getName().startsWith("payer_auth.cache"))
                .forEach(m -> m.getId().getTags().forEach(t -> keys.add(t.getKey())));
        assertTrue(Set.of("realm", "outcome", "reason").containsAll(keys), keys.toString());
    }

    @Test
    void a_cache_publishes_its_hits_misses_and_size() {
        CacheCounts counts = new CacheCounts();
        List<String> cache = new java.util.ArrayList<>(List.of("a", "b"));
        PayerAuthMetrics.cache("test_cache", cache, counts, List::size);
        counts.hit();
        counts.hit();
        counts.miss();
        assertEquals(2.0, registry.get(PayerAuthMetrics.CACHE_REQUESTS).tags("cache", "test_cache", "result", "hit")
                .functionCounter().count());
        assertEquals(1.0, registry.get(PayerAuthMetrics.CACHE_REQUESTS).tags("cache", "test_cache", "result", "miss")
                .functionCounter().count());
        assertEquals(2.0, registry.get(PayerAuthMetrics.CACHE_ENTRIES).tags("cache", "test_cache").gauge().value());
    }

    /** The dashboard and alert rules in docs/monitoring name only meters that exist (as Prometheus exports them). */
    @Test
    void the_dashboard_and_alerts_use_only_our_meters() throws IOException, IllegalAccessException {
        Set<String> exported = new TreeSet<>();
        for (Field field : PayerAuthMetrics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && ((String) field.get(null)).startsWith("payer_auth.")) {
                String base = ((String) field.get(null)).replace('.', '_');
                exported.addAll(List.of(base + "_total", base, base + "_seconds_count", base + "_seconds_sum",
                        base + "_seconds_max"));
            }
        }
        Path monitoring = Path.of("..", "docs", "monitoring");
        assertTrue(Files.isDirectory(monitoring), monitoring.toAbsolutePath().toString());
        Pattern name = Pattern.compile("payer_auth_[a-z_]+");
        Set<String> unknown = new TreeSet<>();
        int files = 0;
        try (Stream<Path> list = Files.list(monitoring)) {
            for (Path file : list.toList()) {
                files++;
                Matcher m = name.matcher(Files.readString(file));
                while (m.find()) {
                    if (!exported.contains(m.group())) {
                        unknown.add(file.getFileName() + ": " + m.group());
                    }
                }
            }
        }
        assertEquals(2, files, "the dashboard and the alert rules");
        assertTrue(unknown.isEmpty(), "not a payer-auth meter: " + unknown + "; meters: " + exported);
    }
}
