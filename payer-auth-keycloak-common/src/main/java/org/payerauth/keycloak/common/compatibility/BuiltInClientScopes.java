package org.payerauth.keycloak.common.compatibility;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * Our realm files list Keycloak's own client scopes ({@code basic}, {@code profile}, {@code email}, …) themselves,
 * the same on every Keycloak line (26.7's realm attribute {@code CreateDefaultClientScopes} does not exist in 26.5). Keycloak creates a realm's built-in clients (account console, admin CLI, …) before it imports those scopes,
 * so on import they end up with none, where Keycloak's own realm creation gives them its default set. After a realm
 * is imported, each built-in client with no client scope at all gets that set, by name, as Keycloak 26.7 gives it.
 * Nothing else is touched: a realm created any other way already has them.
 */
public final class BuiltInClientScopes implements KeycloakCompatibilityFactory, KeycloakCompatibility {

    public static final String PROVIDER_ID = "built-in-client-scopes";

    /** Keycloak's built-in clients of every realm. */
    static final Set<String> BUILT_IN_CLIENTS = Set.of("account", "account-console", "admin-cli", "broker",
            "realm-management", "security-admin-console");

    /** Keycloak's default (true) and optional (false) OpenID Connect client scopes of a new realm's built-in clients. */
    static final Map<Boolean, List<String>> KEYCLOAK_DEFAULTS = Map.of(
            true, List.of("acr", "basic", "email", "profile", "roles", "web-origins"),
            false, List.of("address", "microprofile-jwt", "offline_access", "organization", "phone"));

    private static final Logger LOG = Logger.getLogger(BuiltInClientScopes.class);

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                addTo(created.getCreatedRealm());
            }
        });
    }

    static void addTo(RealmModel realm) {
        Map<String, ClientScopeModel> scopes = realm.getClientScopesStream()
                .collect(Collectors.toMap(ClientScopeModel::getName, s -> s, (a, b) -> a));
        BUILT_IN_CLIENTS.stream().map(realm::getClientByClientId).filter(c -> c != null)
                .filter(c -> c.getClientScopes(true).isEmpty() && c.getClientScopes(false).isEmpty())
                .forEach(client -> add(realm, client, scopes));
    }

    private static void add(RealmModel realm, ClientModel client, Map<String, ClientScopeModel> scopes) {
        for (Map.Entry<Boolean, List<String>> kind : KEYCLOAK_DEFAULTS.entrySet()) {
            Set<ClientScopeModel> present = kind.getValue().stream().map(scopes::get).filter(s -> s != null)
                    .collect(Collectors.toSet());
            client.addClientScopes(present, kind.getKey());
        }
        LOG.debugf("Realm '%s': built-in client %s given Keycloak's default client scopes", realm.getName(), client.getClientId());
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public KeycloakCompatibility create(KeycloakSession session) {
        return this;
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
