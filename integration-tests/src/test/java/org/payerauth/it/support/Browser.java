package org.payerauth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A member's browser, over plain HTTP: keeps cookies (so SSO works across launches), does not follow redirects, and
 * submits the forms Keycloak renders. One instance = one browser profile.
 */
public final class Browser {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*\\saction=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);

    private final HttpClient client;

    public Browser() {
        this.client = HttpClient.newBuilder()
                .cookieHandler(new Jar())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * A browser's cookie jar for one host, kept by hand: the JDK's {@code CookieManager} treats Keycloak's
     * {@code Version=1} cookies as RFC 2965 cookies (quoted values, {@code $Path}), and does not send {@code Secure}
     * cookies to http://localhost, which browsers treat as a secure context.
     */
    private static final class Jar extends CookieHandler {
        private record Cookie(String name, String value, String path) {
        }

        /** Keyed by name and path, as browsers keep them (each realm has its own AUTH_SESSION_ID, for example). */
        private final Map<String, Cookie> cookies = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String header = cookies.values().stream()
                    .filter(c -> path.startsWith(c.path()) || (path + "/").equals(c.path()))
                    .sorted(java.util.Comparator.comparingInt((Cookie c) -> c.path().length()).reversed())
                    .map(c -> c.name() + "=" + c.value())
                    .collect(java.util.stream.Collectors.joining("; "));
            return header.isEmpty() ? Map.of() : Map.of("Cookie", List.of(header));
        }

        @Override
        public void put(URI uri, Map<String, List<String>> headers) {
            headers.forEach((name, values) -> {
                if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
                    values.forEach(this::store);
                }
            });
        }

        private void store(String setCookie) {
            String[] parts = setCookie.split(";");
            int eq = parts[0].indexOf('=');
            if (eq <= 0) {
                return;
            }
            String name = parts[0].substring(0, eq).trim();
            String value = parts[0].substring(eq + 1).trim();
            String path = "/";
            boolean expired = value.isEmpty();
            for (int i = 1; i < parts.length; i++) {
                String attribute = parts[i].trim();
                String lower = attribute.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("path=")) {
                    path = attribute.substring(5);
                } else if (lower.equals("max-age=0") || lower.startsWith("max-age=-")) {
                    expired = true;
                } else if (lower.startsWith("expires=") && lower.contains("1970")) {
                    expired = true;
                }
            }
            if (expired) {
                cookies.remove(name + "|" + path);
            } else {
                cookies.put(name + "|" + path, new Cookie(name, value, path));
            }
        }
    }

    /** The last URL requested: relative links and form actions resolve against it, as in a browser. */
    private volatile URI current;

    private URI resolve(String url) {
        URI uri = URI.create(url);
        return uri.isAbsolute() || current == null ? uri : current.resolve(uri);
    }

    public HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(resolve(url)).GET());
    }

    /** A request without body with this browser's cookies, e.g. {@code fetch()} from a page of the same origin. */
    public HttpResponse<String> request(String method, String url, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(resolve(url)).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder);
    }

    /** A request with a body and this browser's cookies, e.g. {@code fetch()} with JSON from a page of the same origin. */
    public HttpResponse<String> requestWithBody(String method, String url, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(resolve(url)).method(method, HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder);
    }

    public HttpResponse<String> postForm(String url, Map<String, String> form) {
        return send(HttpRequest.newBuilder(resolve(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(form))));
    }

    /**
     * Submits the first form of {@code page} (its action URL) as a browser would: its hidden inputs and ticked
     * checkboxes, then {@code fields} (a null value unticks / leaves that field out).
     */
    public HttpResponse<String> submit(HttpResponse<String> page, Map<String, String> fields) {
        Map<String, String> form = new java.util.LinkedHashMap<>(hiddenInputs(page.body()));
        form.putAll(fields);
        form.values().removeIf(java.util.Objects::isNull);
        return postForm(formAction(page.body()), form);
    }

    private static final Pattern INPUT = Pattern.compile("<input[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Pattern CHECKED = Pattern.compile("\\schecked(?=[\\s>/=])", Pattern.CASE_INSENSITIVE);

    static Map<String, String> hiddenInputs(String html) {
        Map<String, String> hidden = new java.util.LinkedHashMap<>();
        int formEnd = html.toLowerCase(java.util.Locale.ROOT).indexOf("</form>");
        Matcher inputs = INPUT.matcher(formEnd < 0 ? html : html.substring(0, formEnd));
        while (inputs.find()) {
            Map<String, String> attributes = new java.util.HashMap<>();
            Matcher a = ATTRIBUTE.matcher(inputs.group());
            while (a.find()) {
                attributes.put(a.group(1).toLowerCase(java.util.Locale.ROOT), a.group(2));
            }
            boolean ticked = "checkbox".equalsIgnoreCase(attributes.get("type"))
                    && CHECKED.matcher(inputs.group()).find();
            if (("hidden".equalsIgnoreCase(attributes.get("type")) || ticked) && attributes.containsKey("name")) {
                hidden.put(attributes.get("name").replace("&amp;", "&"), attributes.getOrDefault("value", "").replace("&amp;", "&"));
            }
        }
        return hidden;
    }

    public static String formAction(String html) {
        Matcher m = FORM_ACTION.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no form on the page:\n" + html);
        }
        return m.group(1).replace("&amp;", "&");
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            HttpRequest request = builder.timeout(Duration.ofSeconds(30)).build();
            current = request.uri();
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
