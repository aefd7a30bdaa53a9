package org.payerauth.bench;

import java.net.CookieHandler;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** What the browser-driven scenarios share: PKCE values, form actions, query parsing, sending, a cookie jar. */
final class BrowserSupport {

    static final Pattern ACTION = Pattern.compile("<form[^>]*\\saction=\"([^\"]+)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    private BrowserSupport() {
    }

    static String verifier() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> query(String url) {
        Map<String, String> params = new HashMap<>();
        String raw = URI.create(url).getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A cookie jar that keeps cookies per name and path, as browsers do (both realms set KEYCLOAK_IDENTITY and
     * friends, on their own paths), and sends Keycloak's Secure cookies to http://localhost. One host only.
     */
    static final class CookieJar extends CookieHandler {
        private final Map<String, Map<String, String>> byPath = new ConcurrentHashMap<>();

        /** Forgets the cookies of a path and below (e.g. one realm's). */
        void dropPath(String prefix) {
            byPath.keySet().removeIf(path -> (path.endsWith("/") ? path : path + "/").startsWith(prefix));
        }

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
            String requestPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            StringBuilder header = new StringBuilder();
            byPath.entrySet().stream().filter(e -> matches(e.getKey(), requestPath))
                    .sorted((a, b) -> b.getKey().length() - a.getKey().length()) // more specific paths first, as RFC 6265 says
                    .forEach(e -> e.getValue().forEach((k, v) -> header.append(header.length() == 0 ? "" : "; ").append(k).append('=').append(v)));
            return header.length() == 0 ? Map.of() : Map.of("Cookie", List.of(header.toString()));
        }

        private static boolean matches(String cookiePath, String requestPath) {
            return requestPath.equals(cookiePath) || requestPath.startsWith(cookiePath)
                    && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
        }

        @Override
        public void put(URI uri, Map<String, List<String>> headers) {
            headers.forEach((name, values) -> {
                if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
                    for (String value : values) {
                        String[] parts = value.split(";");
                        int eq = parts[0].indexOf('=');
                        if (eq <= 0) {
                            continue;
                        }
                        String cookieName = parts[0].substring(0, eq).trim();
                        String cookieValue = parts[0].substring(eq + 1).trim();
                        String path = null;
                        boolean expired = cookieValue.isEmpty();
                        for (int p = 1; p < parts.length; p++) {
                            String attribute = parts[p].trim().toLowerCase();
                            if (attribute.startsWith("path=")) {
                                path = parts[p].trim().substring(5);
                            } else if (attribute.startsWith("max-age=")) {
                                expired |= attribute.substring(8).trim().startsWith("0") || attribute.substring(8).trim().startsWith("-");
                            } else if (attribute.startsWith("expires=")) {
                                expired |= attribute.contains("1970");
                            }
                        }
                        if (path == null || !path.startsWith("/")) {
                            String requestPath = Objects.requireNonNullElse(uri.getRawPath(), "/");
                            path = requestPath.lastIndexOf('/') <= 0 ? "/" : requestPath.substring(0, requestPath.lastIndexOf('/'));
                        }
                        if (expired) {
                            Map<String, String> cookies = byPath.get(path);
                            if (cookies != null) {
                                cookies.remove(cookieName);
                            }
                        } else {
                            byPath.computeIfAbsent(path, p -> new ConcurrentHashMap<>()).put(cookieName, cookieValue);
                        }
                    }
                }
            });
        }
    }
}
