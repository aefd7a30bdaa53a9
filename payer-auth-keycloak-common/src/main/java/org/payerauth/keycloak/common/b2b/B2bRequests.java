package org.payerauth.keycloak.common.b2b;

import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.payerauth.b2b.B2bContext;

/**
 * What a token request's client authentication learned about its B2B context, for the rules that issue the token in
 * the same request (they live in another module): the context read from the client assertion's authorization
 * extensions, the UDAP identity the app authenticated with, and the token endpoint's event, so the token's B2B
 * context and member are recorded in the event Keycloak sends for the request. Kept as attributes of this request's
 * Keycloak session: nothing outlives the request.
 */
public final class B2bRequests {

    /** The UDAP identity of the app that authenticated: registered URI, community, certificate thumbprint. */
    public record UdapIdentity(String iss, String community, String certificateThumbprint) {
    }

    private static final String CONTEXT = "payer-auth.b2b.assertionContext";
    private static final String UDAP = "payer-auth.b2b.udapIdentity";
    private static final String EVENT = "payer-auth.b2b.tokenEvent";

    private B2bRequests() {
    }

    /** Called by UDAP client authentication once the assertion is accepted. */
    public static void authenticatedWithUdap(KeycloakSession session, UdapIdentity identity, B2bContext fromExtensions) {
        session.setAttribute(UDAP, identity);
        if (fromExtensions != null) {
            session.setAttribute(CONTEXT, fromExtensions);
        }
    }

    /** The B2B context of this request's client assertion ({@code hl7-b2b}), or null. */
    public static B2bContext assertionContext(KeycloakSession session) {
        return session.getAttribute(CONTEXT) instanceof B2bContext context ? context : null;
    }

    /** The UDAP identity this request's client authenticated with, or null (not a UDAP client). */
    public static UdapIdentity udapIdentity(KeycloakSession session) {
        return session.getAttribute(UDAP) instanceof UdapIdentity identity ? identity : null;
    }

    /** Called by the client authenticators of the token endpoint: the event this request sends. */
    public static void rememberEvent(KeycloakSession session, EventBuilder event) {
        if (event != null) {
            session.setAttribute(EVENT, event);
        }
    }

    /** The token endpoint's event of this request, or null when no client authenticator of ours ran. */
    public static EventBuilder event(KeycloakSession session) {
        return session.getAttribute(EVENT) instanceof EventBuilder event ? event : null;
    }
}
