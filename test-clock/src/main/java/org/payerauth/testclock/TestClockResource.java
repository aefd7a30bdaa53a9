package org.payerauth.testclock;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * The test server's clock: {@code GET} answers Keycloak's time offset, {@code PUT ?offsetSeconds=N} sets it (the whole
 * JVM: tokens, sessions, our own records all see the moved clock; {@code 0} puts it back). Only on the master realm and
 * only for a master administrator (a bearer token of a user with the realm role {@code admin}). Tests that move the
 * clock put it back in {@code finally}.
 */
public final class TestClockResource {

    private static final Logger LOG = Logger.getLogger(TestClockResource.class);

    private final KeycloakSession session;

    TestClockResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    public Response offset() {
        authorize();
        return answer();
    }

    @PUT
    public Response move(@QueryParam("offsetSeconds") int offsetSeconds) {
        authorize();
        Time.setOffset(offsetSeconds);
        LOG.warnf("TEST CLOCK: time offset now %d s (a provider installed by the integration tests only)", offsetSeconds);
        return answer();
    }

    private Response answer() {
        return Response.ok(Map.of("offsetSeconds", Time.getOffset(), "now", Time.currentTimeMillis()),
                MediaType.APPLICATION_JSON_TYPE).build();
    }

    private void authorize() {
        RealmModel realm = session.getContext().getRealm();
        if (!"master".equals(realm.getName())) {
            throw new NotFoundException();
        }
        AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).setRealm(realm).authenticate();
        RoleModel admin = realm.getRole("admin");
        if (auth == null || auth.getUser() == null || admin == null || !auth.getUser().hasRole(admin)) {
            throw new NotAuthorizedException("Bearer");
        }
    }
}
