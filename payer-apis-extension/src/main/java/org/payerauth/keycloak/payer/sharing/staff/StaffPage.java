package org.payerauth.keycloak.payer.sharing.staff;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * {@code /realms/{realm}/data-sharing/staff}: the staff page for members' data-sharing choices, three static files
 * from this jar. The page signs staff in to the realm with the public client {@value #CLIENT_ID} and calls the admin
 * REST API ({@code /admin/realms/{realm}/data-sharing}), where Keycloak's user permissions decide. Served with a
 * strict content security policy (scripts and connections to this server only, no framing) and without a referrer,
 * since the sign-in's authorization code arrives in this page's URL.
 */
public final class StaffPage {

    /** The public client the page signs staff in with (PKCE S256). */
    public static final String CLIENT_ID = "payer-staff-console";

    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    /** The files, read once from the jar (pure functions of the installed version; three entries). */
    private static final Map<String, byte[]> FILES = new ConcurrentHashMap<>();

    @GET
    public Response page() {
        return file("index.html", "text/html; charset=utf-8");
    }

    @GET
    @Path("staff.js")
    public Response script() {
        return file("staff.js", "text/javascript; charset=utf-8");
    }

    @GET
    @Path("staff.css")
    public Response style() {
        return file("staff.css", "text/css; charset=utf-8");
    }

    private static Response file(String name, String type) {
        byte[] content = FILES.computeIfAbsent(name, StaffPage::read);
        return Response.ok(content).type(type)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }

    private static byte[] read(String name) {
        try (InputStream in = StaffPage.class.getResourceAsStream("/payer-staff/" + name)) {
            if (in == null) {
                throw new IllegalStateException("payer-staff/" + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
