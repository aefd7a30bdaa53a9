package org.payerauth.keycloak.payer.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.BrowserSecurityHeaders;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resource.RealmResourceProvider;
import org.payerauth.keycloak.common.RealmResources;

/**
 * A staff page: static files from this jar under a realm path ({@code /realms/{realm}/data-sharing/staff},
 * {@code /realms/{realm}/patient-access-metrics/report}, {@code /realms/{realm}/app-review/staff}). The page signs staff in to the realm with the public client
 * {@value #CLIENT_ID} (PKCE S256; the script {@code staff-pages.js} the pages share) and calls the admin REST API, where
 * Keycloak's admin roles decide. Served with a strict content security policy (scripts, styles and connections to this
 * server only, no framing) and without a referrer, since the sign-in's authorization code arrives in the page's URL.
 * Keycloak would replace that policy with the realm's (which allows inline scripts): its headers are skipped for these
 * responses, and the realm's others (e.g. {@code Strict-Transport-Security}) are set here instead.
 */
public final class StaffPages {

    /** The public client the staff pages sign staff in with (PKCE S256). */
    public static final String CLIENT_ID = "payer-staff-console";

    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private static final String SHARED = "staff-pages.js";
    /** The files, read once from the jar (pure functions of the installed version; a handful of entries). */
    private static final Map<String, byte[]> FILES = new ConcurrentHashMap<>();

    /** The headers these pages set themselves, whatever the realm's settings say. */
    private static final Map<String, String> OWN_HEADERS = Map.of(
            "Content-Security-Policy", CSP,
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer");

    private final KeycloakSession session;
    private final String folder;
    private final String script;
    private final String style;

    /**
     * @param folder the page's folder in the jar, with {@code index.html} and the page's script
     */
    private StaffPages(KeycloakSession session, String folder, String script, String style) {
        this.session = session;
        this.folder = folder;
        this.script = script;
        this.style = style;
    }

    /** The staff page for members' data-sharing choices. */
    public static StaffPages dataSharing(KeycloakSession session) {
        return new StaffPages(session, "payer-staff", "staff.js", "staff.css");
    }

    /** The Patient Access API metrics page. */
    public static StaffPages patientAccessMetrics(KeycloakSession session) {
        return new StaffPages(session, "payer-metrics", "metrics.js", "staff.css");
    }

    /** The app review page. */
    public static StaffPages appReview(KeycloakSession session) {
        return new StaffPages(session, "payer-review", "review.js", "staff.css");
    }

    /**
     * A realm resource that serves one staff page at {@code /realms/{realm}/<provider id>/<name>}, for a provider that
     * serves nothing else.
     */
    public static RealmResourceProvider serving(KeycloakSession session, String name,
                                                Function<KeycloakSession, StaffPages> page) {
        return RealmResources.serving(() -> new Locator(session, name, page));
    }

    /** Finds the one page under a provider's path. */
    public static final class Locator {
        private final KeycloakSession session;
        private final String name;
        private final Function<KeycloakSession, StaffPages> page;

        Locator(KeycloakSession session, String name, Function<KeycloakSession, StaffPages> page) {
            this.session = session;
            this.name = name;
            this.page = page;
        }

        @Path("{page}")
        public StaffPages page(@PathParam("page") String requested) {
            if (!name.equals(requested)) {
                throw new NotFoundException();
            }
            return page.apply(session);
        }
    }

    @GET
    public Response page() {
        return file(folder + "/index.html", "text/html; charset=utf-8");
    }

    /** The page's own script and style, and the script the staff pages share. */
    @GET
    @Path("{file}")
    public Response asset(@PathParam("file") String name) {
        if (name.equals(SHARED)) {
            return file("payer-pages/" + SHARED, "text/javascript; charset=utf-8");
        }
        if (name.equals(script)) {
            return file(folder + "/" + script, "text/javascript; charset=utf-8");
        }
        if (name.equals(style)) {
            return file("payer-pages/" + style, "text/css; charset=utf-8");
        }
        throw new NotFoundException();
    }

    private Response file(String path, String type) {
        byte[] content = FILES.computeIfAbsent(path, StaffPages::read);
        Response.ResponseBuilder response = Response.ok(content).type(type)
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        RealmModel realm = session.getContext().getRealm();
        Map<String, String> realmHeaders = realm == null ? Map.of() : realm.getBrowserSecurityHeaders();
        for (BrowserSecurityHeaders header : BrowserSecurityHeaders.values()) {
            String value = OWN_HEADERS.getOrDefault(header.getHeaderName(),
                    realmHeaders.getOrDefault(header.getKey(), header.getDefaultValue()));
            if (value != null && !value.isEmpty()) {
                response.header(header.getHeaderName(), value);
            }
        }
        SecurityHeadersProvider keycloakHeaders = session.getProvider(SecurityHeadersProvider.class);
        if (keycloakHeaders != null) {
            keycloakHeaders.options().skipHeaders();
        }
        return response.build();
    }

    private static byte[] read(String path) {
        try (InputStream in = StaffPages.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
