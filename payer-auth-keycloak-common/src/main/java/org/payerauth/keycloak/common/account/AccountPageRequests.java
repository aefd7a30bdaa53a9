package org.payerauth.keycloak.common.account;

import java.net.URI;
import java.util.Optional;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.payerauth.keycloak.common.http.OAuthErrorResponses;

/**
 * Requests of the account console's pages to our realm resources ({@code /smart-consents}, {@code /data-sharing}):
 * who the member is (the realm's SSO session, Keycloak's identity cookie, as the account console itself is signed
 * in), and the cross-site check every change passes: the {@value #CSRF_HEADER} header, which a cross-site page
 * cannot send without a CORS preflight these resources never grant, and a same-origin {@code Origin} when the
 * browser sends one.
 */
public final class AccountPageRequests {

    /** Required on changes (any value). */
    public static final String CSRF_HEADER = "X-Payer-Auth-Request";

    private AccountPageRequests() {
    }

    /** The member of the realm's SSO session, if signed in. */
    public static Optional<UserModel> member(KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        // getUser(): on every line (26.4 and 26.5 have a class, 26.7 a record that keeps the getter)
        AuthenticationManager.AuthResult auth = AuthenticationManager.authenticateIdentityCookie(session, realm, true);
        return auth == null ? Optional.empty() : Optional.ofNullable(auth.getUser());
    }

    /** A {@code 403} when a change lacks the CSRF header or comes from another origin; empty when it may go on. */
    public static Optional<Response> refuseCrossSite(KeycloakSession session) {
        HttpHeaders headers = session.getContext().getRequestHeaders();
        if (headers.getHeaderString(CSRF_HEADER) == null) {
            return Optional.of(OAuthErrorResponses.error(Response.Status.FORBIDDEN, "invalid_request",
                    "The " + CSRF_HEADER + " header is required"));
        }
        String origin = headers.getHeaderString("Origin");
        if (origin != null && !origin.equals(origin(session.getContext().getUri().getBaseUri()))) {
            return Optional.of(OAuthErrorResponses.error(Response.Status.FORBIDDEN, "invalid_request",
                    "Cross-origin requests are not allowed"));
        }
        return Optional.empty();
    }

    /** The {@code 401} for a request without an SSO session. */
    public static Response notSignedIn() {
        return OAuthErrorResponses.error(Response.Status.UNAUTHORIZED, "not_signed_in", "Sign in to your account first");
    }

    private static String origin(URI uri) {
        int port = uri.getPort();
        return uri.getScheme() + "://" + uri.getHost() + (port < 0 ? "" : ":" + port);
    }
}
