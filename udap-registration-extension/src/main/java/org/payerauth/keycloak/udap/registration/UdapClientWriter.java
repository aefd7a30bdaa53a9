package org.payerauth.keycloak.udap.registration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.services.managers.ClientManager;
import org.keycloak.services.managers.RealmManager;
import org.payerauth.keycloak.common.ProviderIds;
import org.payerauth.keycloak.common.UdapClientAttributes;
import org.payerauth.udap.pki.Certificates;
import org.payerauth.udap.registration.ClientMetadata;
import org.payerauth.udap.RegistrationSettings;
import org.payerauth.udap.UdapException;
import org.payerauth.udap.registration.RegistrationScopePolicy;
import org.payerauth.udap.registration.ValidatedRegistration;

/**
 * Creates, replaces or cancels the Keycloak client of a validated UDAP registration, in the session's realm. The
 * client is ready to use: authorization_code → standard flow with exact redirect URIs, consent, PKCE S256 (STU2);
 * client_credentials → service account without refresh tokens; access tokens at most 60 minutes; the requested
 * scopes that exist in the realm as optional client scopes (the rest dropped).
 */
final class UdapClientWriter {


    /** The UDAP client authenticator (JWT-based client authentication with x5c). */
    static final String UDAP_CLIENT_AUTHENTICATOR = ProviderIds.UDAP_CLIENT_AUTHENTICATOR;
    static final String SECRET_AUTHENTICATOR = ProviderIds.CLIENT_SECRET_AUTHENTICATOR;

    /** Keycloak's built-in client scope that maps {@code sub}. */
    static final String BASIC_SCOPE = "basic";

    /**
     * Realm default scopes a UDAP app does not get: Keycloak's {@code roles} (the member's realm and client roles in
     * every token, and the audience-resolve mapper) and {@code web-origins} (CORS origins for browser clients; UDAP
     * apps are confidential). A FHIR server authorizes UDAP apps by their SMART scopes; the roles are Keycloak's
     * internals and no third-party app's business.
     */
    static final Set<String> NOT_FOR_UDAP_APPS = Set.of(org.keycloak.protocol.oidc.OIDCLoginProtocolFactory.ROLES_SCOPE,
            org.keycloak.protocol.oidc.OIDCLoginProtocolFactory.WEB_ORIGINS_SCOPE);

    /** What happened, for the response and the event. */
    enum Outcome { CREATED, UPDATED, CANCELLED }

    record Result(Outcome outcome, String clientId, String grantedScope, String clientSecret) {
    }

    private UdapClientWriter() {
    }

    static Result write(KeycloakSession session, RealmModel realm, ValidatedRegistration registration,
                        RegistrationSettings settings, RegistrationScopePolicy scopes) throws UdapException {
        String clientId = UdapClientIds.of(registration.community().uri(), registration.iss());
        ClientModel client = realm.getClientByClientId(clientId);
        ClientMetadata metadata = registration.metadata();
        boolean active = client != null && client.getAttribute(UdapClientAttributes.CANCELLED_AT) == null;
        if (metadata.isCancel()) {
            if (!active) {
                throw UdapException.invalidMetadata("There is no registration of this iss in this trust community to cancel");
            }
            cancel(client);
            revokeGrants(session, realm, client);
            return new Result(Outcome.CANCELLED, clientId, null, null);
        }
        Outcome outcome = active ? Outcome.UPDATED : Outcome.CREATED;
        if (client == null) {
            client = realm.addClient(clientId);
            org.payerauth.keycloak.common.apps.AppReviews.holdIfRequired(session, realm, client);
        } else if (active && !client.getRedirectUris().equals(new HashSet<>(metadata.redirectUris()))) {
            // codes and consents must not follow silently to a new redirect URI
            revokeGrants(session, realm, client);
        }
        String granted = apply(session, realm, client, registration, settings, scopes);
        String secret = null;
        if (metadata.usesClientSecret()) {
            client.setClientAuthenticatorType(SECRET_AUTHENTICATOR);
            secret = KeycloakModelUtils.generateSecret(client);
        } else {
            client.setClientAuthenticatorType(UDAP_CLIENT_AUTHENTICATOR);
            client.setSecret(null);
        }
        return new Result(outcome, clientId, granted, secret);
    }

    /** Replaces everything about the client with what the registration says; returns the granted scope. */
    private static String apply(KeycloakSession session, RealmModel realm, ClientModel client,
                                ValidatedRegistration registration, RegistrationSettings settings,
                                RegistrationScopePolicy scopes) {
        ClientMetadata metadata = registration.metadata();
        client.setEnabled(true);
        client.setName(metadata.clientName());
        client.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        // first, while few entities wait to be flushed: each scope removal flushes the persistence context
        String granted = assignScopes(realm, client, scopes.grantable(metadata.scope(), metadata));
        client.setPublicClient(false);
        client.setBearerOnly(false);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setFrontchannelLogout(false);
        client.setFullScopeAllowed(false);
        client.setDescription(org.payerauth.udap.registration.RegisteredAppDescription.of(registration.iss(),
                registration.certificate()));

        boolean code = metadata.isAuthorizationCode();
        client.setStandardFlowEnabled(code);
        client.setConsentRequired(code);
        client.setRedirectUris(new HashSet<>(metadata.redirectUris()));
        client.setWebOrigins(new HashSet<>());
        if (code && settings.mode() == RegistrationSettings.Mode.STU2) {
            client.setAttribute(OIDCConfigAttributes.PKCE_CODE_CHALLENGE_METHOD, "S256");
        } else {
            client.removeAttribute(OIDCConfigAttributes.PKCE_CODE_CHALLENGE_METHOD);
        }
        client.setAttribute(OIDCConfigAttributes.USE_REFRESH_TOKEN, String.valueOf(code && metadata.wantsRefreshTokens()));
        client.setAttribute(OIDCConfigAttributes.USE_REFRESH_TOKEN_FOR_CLIENT_CREDENTIALS_GRANT, "false");
        client.setAttribute(OIDCConfigAttributes.ACCESS_TOKEN_LIFESPAN,
                String.valueOf(Math.min(realm.getAccessTokenLifespan() > 0 ? realm.getAccessTokenLifespan() : 300, 3600)));

        ClientManager clients = new ClientManager(new RealmManager(session));
        if (metadata.isClientCredentials()) {
            clients.enableServiceAccount(client);
        } else if (client.isServiceAccountsEnabled()) {
            clients.disableServiceAccount(client);
        }

        client.setAttribute(UdapClientAttributes.ISS, registration.iss());
        client.setAttribute(UdapClientAttributes.COMMUNITY, registration.community().uri());
        client.setAttribute(UdapClientAttributes.CERTIFICATE, Certificates.base64Der(registration.certificate()));
        client.setAttribute(UdapClientAttributes.CERTIFICATE_SHA256, registration.certificateThumbprint());
        client.setAttribute(UdapClientAttributes.CONTACTS, String.join(" ", metadata.contacts()));
        if (registration.certifications().isEmpty()) {
            client.removeAttribute(UdapClientAttributes.CERTIFICATIONS);
        } else {
            try {
                client.setAttribute(UdapClientAttributes.CERTIFICATIONS, org.keycloak.util.JsonSerialization.writeValueAsString(
                        registration.certifications().stream().map(c -> c.summary()).toList()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        client.setAttribute(UdapClientAttributes.GRANT_TYPES, String.join(" ", metadata.grantTypes()));
        client.setAttribute(UdapClientAttributes.REGISTERED_AT, Instant.now().toString());
        client.removeAttribute(UdapClientAttributes.CANCELLED_AT);
        if (client.getProtocolMapperByName(OIDCLoginProtocol.LOGIN_PROTOCOL, "UDAP client context") == null) {
            client.addProtocolMapper(org.payerauth.keycloak.udap.clientauth.UdapClientContextMapper.model());
        }
        if (metadata.logoUri() != null) {
            client.setAttribute(UdapClientAttributes.LOGO_URI, metadata.logoUri());
        } else {
            client.removeAttribute(UdapClientAttributes.LOGO_URI);
        }
        return granted;
    }

    /** Keycloak's description column holds 255 characters; the iss is always kept whole in its attribute. */
    /**
     * Default scopes: the realm's defaults but {@link #NOT_FOR_UDAP_APPS}, plus Keycloak's {@code basic} scope ({@code sub}, {@code auth_time})
     * even where the realm does not default it, so every UDAP token names its subject. Optional scopes: the grantable
     * requested ones ({@link RegistrationScopePolicy}: the realm's allow-list, SMART resource scopes by grant type)
     * that exist in the realm; others are dropped; and the realm's SMART granular scopes that a granted resource-level
     * scope covers (the app may ask for them without registering each). Returns the granted scope string ({@code openid} kept when asked
     * for and allowed).
     */
    private static String assignScopes(RealmModel realm, ClientModel client, List<String> requested) {
        Map<String, ClientScopeModel> byName = new LinkedHashMap<>();
        realm.getClientScopesStream().filter(s -> OIDCLoginProtocol.LOGIN_PROTOCOL.equals(s.getProtocol()))
                .forEach(s -> byName.put(s.getName(), s));
        Set<ClientScopeModel> defaults = realm.getDefaultClientScopesStream(true)
                .filter(s -> !NOT_FOR_UDAP_APPS.contains(s.getName()))
                .collect(Collectors.toCollection(HashSet::new));
        if (byName.containsKey(BASIC_SCOPE)) {
            defaults.add(byName.get(BASIC_SCOPE));
        }
        Set<String> defaultNames = defaults.stream().map(ClientScopeModel::getName).collect(Collectors.toSet());

        List<String> granted = new ArrayList<>();
        Set<ClientScopeModel> optional = new HashSet<>();
        for (String scope : requested) {
            if (scope.equals(org.keycloak.OAuth2Constants.SCOPE_OPENID)) {
                if (!granted.contains(scope)) {
                    granted.add(scope);
                }
                continue;
            }
            ClientScopeModel model = byName.get(scope);
            if (model != null && !granted.contains(scope)) {
                granted.add(scope);
                if (!defaultNames.contains(scope)) {
                    optional.add(model);
                }
            }
        }
        // SMART granular scopes narrow a resource-level scope: an app registered for one may ask for its narrowings
        byName.forEach((name, model) -> org.payerauth.fhir.ClinicalScope.parse(name)
                .filter(org.payerauth.fhir.ClinicalScope::isGranular)
                .filter(scope -> !scope.coveredBy(granted).isEmpty())
                .filter(scope -> !defaultNames.contains(name))
                .ifPresent(scope -> optional.add(model)));
        replaceScopes(client, defaults, optional);
        return String.join(" ", granted);
    }

    /**
     * Makes the client's default and optional scopes exactly these, touching only what differs (each removal is a
     * database statement of its own; a new client arrives with all the realm's default scopes, which Keycloak adds
     * when its protocol is set).
     */
    private static void replaceScopes(ClientModel client, Set<ClientScopeModel> defaults, Set<ClientScopeModel> optional) {
        Set<String> wantDefault = defaults.stream().map(ClientScopeModel::getName).collect(Collectors.toSet());
        Set<String> wantOptional = optional.stream().map(ClientScopeModel::getName).collect(Collectors.toSet());
        Map<String, ClientScopeModel> hasDefault = client.getClientScopes(true);
        Map<String, ClientScopeModel> hasOptional = client.getClientScopes(false);
        hasDefault.forEach((name, scope) -> {
            if (!wantDefault.contains(name)) {
                client.removeClientScope(scope);
            }
        });
        hasOptional.forEach((name, scope) -> {
            if (!wantOptional.contains(name)) {
                client.removeClientScope(scope);
            }
        });
        Set<ClientScopeModel> addDefault = defaults.stream()
                .filter(s -> !hasDefault.containsKey(s.getName())).collect(Collectors.toSet());
        Set<ClientScopeModel> addOptional = optional.stream()
                .filter(s -> !hasOptional.containsKey(s.getName())).collect(Collectors.toSet());
        if (!addDefault.isEmpty()) {
            client.addClientScopes(addDefault, true);
        }
        if (!addOptional.isEmpty()) {
            client.addClientScopes(addOptional, false);
        }
    }

    /**
     * Members' consents for the app are removed (Keycloak's own clean-up for a removed client, which deletes exactly
     * the consents of that client) and every token issued to it so far is stale (the client's not-before: refresh and
     * offline tokens are refused cluster-wide, as with the admin console's "Revocation").
     */
    private static void revokeGrants(KeycloakSession session, RealmModel realm, ClientModel client) {
        session.users().preRemove(realm, client);
        client.setNotBefore(org.keycloak.common.util.Time.currentTime());
    }

    /** The app can no longer get tokens; the client stays (disabled) for the audit trail and a later re-registration. */
    private static void cancel(ClientModel client) {
        client.setEnabled(false);
        client.setStandardFlowEnabled(false);
        client.setServiceAccountsEnabled(false);
        client.setRedirectUris(new HashSet<>());
        client.setSecret(null);
        client.setAttribute(UdapClientAttributes.GRANT_TYPES, "");
        client.setAttribute(UdapClientAttributes.CANCELLED_AT, Instant.now().toString());
    }
}
