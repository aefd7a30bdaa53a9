package org.payerauth.it.support;

/**
 * A Keycloak someone else started, e.g. {@code ./run.sh}: {@code -Dkc.it.url=http://localhost:8080}. The harness
 * installs nothing; the server must already run the drop-in set with the {@code payer} realm imported. Also one
 * address of a {@link KeycloakCluster}, whose nodes the cluster itself stops.
 */
final class ExternalKeycloakServer implements KeycloakServer {

    private final String baseUrl;
    private final String adminUsername;
    private final String adminPassword;
    private final String description;

    ExternalKeycloakServer(String baseUrl, String adminUsername, String adminPassword) {
        this(baseUrl, adminUsername, adminPassword, "external Keycloak at " + baseUrl);
    }

    ExternalKeycloakServer(String baseUrl, String adminUsername, String adminPassword, String description) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.adminUsername = adminUsername;
        this.adminPassword = adminPassword;
        this.description = description;
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public String adminUsername() {
        return adminUsername;
    }

    @Override
    public String adminPassword() {
        return adminPassword;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
