package org.payerauth.fhir;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.payerauth.oauth.SpaceDelimited;

/**
 * The FHIR base URL(s) a realm protects: a whitespace-separated list of absolute http(s) URLs, the first being the
 * default. SMART's {@code aud} must equal one of them; the matched (configured) form goes into the access token.
 *
 * <p>Matching rule: scheme and host compare case-insensitively (RFC 3986 §6.2.2.1), the path exactly, and a single
 * trailing slash is ignored. Query, fragment and user-info make a value invalid; a comma- or space-separated list
 * is not one URL and never matches.
 */
public final class FhirBaseUrls {

    private final List<String> urls;
    /** {@link #normalize}d {@link #urls}, index by index. */
    private final List<String> comparable;
    /**
     * {@link #match} of each configured URL as written, with and without a trailing slash, worked out once: an app
     * usually sends {@code aud} exactly as configured, and this spares it a URI parse per request.
     */
    private final Map<String, String> exact = new HashMap<>();

    private FhirBaseUrls(List<String> urls) {
        this.urls = Collections.unmodifiableList(urls);
        this.comparable = urls.stream().map(url -> normalize(url).orElse("")).toList();
        for (String url : urls) {
            matchNormalized(url).ifPresent(configured -> {
                exact.putIfAbsent(url, configured);
                exact.putIfAbsent(url + "/", configured);
            });
        }
    }

    /**
     * Parses the admin setting. Blank means "not configured": {@code fallback} (the realm URL) stands in.
     *
     * @throws IllegalArgumentException naming the first value that is not an absolute http(s) URL
     */
    public static FhirBaseUrls parse(String setting, String fallback) {
        List<String> urls = new ArrayList<>();
        if (setting != null) {
            for (String value : SpaceDelimited.words(setting)) {
                if (normalize(value).isEmpty()) {
                    throw new IllegalArgumentException("not an absolute http(s) URL without query or fragment: " + value);
                }
                urls.add(stripTrailingSlash(value));
            }
        }
        if (urls.isEmpty()) {
            urls.add(stripTrailingSlash(fallback));
        }
        return new FhirBaseUrls(urls);
    }

    /** The configured URLs, in order. */
    public List<String> all() {
        return urls;
    }

    /** The first URL: used for absolute {@code fhirUser} values. */
    public String defaultUrl() {
        return urls.get(0);
    }

    /** The configured URL that {@code aud} designates, if any. */
    public Optional<String> match(String aud) {
        if (aud == null) {
            return Optional.empty();
        }
        String configured = exact.get(aud);
        return configured != null ? Optional.of(configured) : matchNormalized(aud);
    }

    private Optional<String> matchNormalized(String aud) {
        Optional<String> wanted = normalize(aud);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < urls.size(); i++) {
            if (comparable.get(i).equals(wanted.get())) {
                return Optional.of(urls.get(i));
            }
        }
        return Optional.empty();
    }

    /** A comparable form of an absolute http(s) URL, or empty if it is not one. */
    static Optional<String> normalize(String value) {
        if (value == null || value.isBlank() || value.length() > 2048 || !value.equals(value.trim())) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (scheme == null || uri.getHost() == null || uri.getRawUserInfo() != null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.isOpaque()) {
                return Optional.empty();
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                return Optional.empty();
            }
            int port = uri.getPort();
            if (port == defaultPort(scheme)) {
                port = -1;
            }
            String path = stripTrailingSlash(uri.getRawPath() == null ? "" : uri.getRawPath());
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (port == -1 ? "" : ":" + port) + path);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    private static String stripTrailingSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    @Override
    public String toString() {
        return String.join(" ", urls);
    }
}
