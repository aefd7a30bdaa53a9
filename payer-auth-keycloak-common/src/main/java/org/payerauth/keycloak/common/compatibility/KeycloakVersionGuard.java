package org.payerauth.keycloak.common.compatibility;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.Version;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.services.clientpolicy.ClientPolicyManager;
import org.payerauth.compat.SupportedKeycloak;
import org.payerauth.keycloak.common.issuance.IssuanceHooks;
import org.payerauth.keycloak.common.issuance.IssuanceRulesClientPolicyManagerFactory;

/**
 * Refuses to let Keycloak start where payer-auth is not supported ({@link SupportedKeycloak}): an ERROR log line that
 * names the supported range, then an exception from {@link #init}, which ends Keycloak's boot. Never a running server
 * with a security rule missing. The operator may allow an untested version
 * ({@code --spi-payer-auth-compatibility--keycloak-version-guard--allow-untested-version=true}) but never one that
 * lacks an extension point a rule is built on.
 */
public final class KeycloakVersionGuard implements KeycloakCompatibilityFactory, KeycloakCompatibility {

    public static final String PROVIDER_ID = "keycloak-version-guard";
    public static final String ALLOW_UNTESTED_VERSION = "allow-untested-version";

    private static final Logger LOG = Logger.getLogger(KeycloakVersionGuard.class);

    private boolean allowUntested;

    @Override
    public void init(Config.Scope config) {
        allowUntested = config != null && Boolean.TRUE.equals(config.getBoolean(ALLOW_UNTESTED_VERSION, false));
        decide(missingCapabilities(), false);
    }

    /**
     * After every factory is loaded: on a line without the native hooks, the client-policy manager that applies the
     * rules must be the server's default one (a configured {@code --spi-client-policy-manager--provider} would
     * silently switch the rules off).
     */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (IssuanceHooks.NATIVE) {
            return;
        }
        ProviderFactory<ClientPolicyManager> active = factory.getProviderFactory(ClientPolicyManager.class);
        if (active == null || !IssuanceRulesClientPolicyManagerFactory.PROVIDER_ID.equals(active.getId())) {
            decide(List.of(SupportedKeycloak.clientPolicyHook(IssuanceRulesClientPolicyManagerFactory.PROVIDER_ID)), true);
        }
    }

    private void decide(List<SupportedKeycloak.Capability> missing, boolean quietWhenSupported) {
        String version = Version.VERSION;
        SupportedKeycloak.Verdict verdict = SupportedKeycloak.check(version, missing, allowUntested);
        if (verdict instanceof SupportedKeycloak.Refused refused) {
            LOG.error(refused.message());
            throw new IllegalStateException(refused.message());
        }
        String warning = ((SupportedKeycloak.Supported) verdict).warning();
        if (warning != null) {
            LOG.warn(warning);
        } else if (!quietWhenSupported) {
            LOG.infof("payer-auth: Keycloak %s is supported (%s; rules applied through %s)", version,
                    SupportedKeycloak.RANGE, IssuanceHooks.NATIVE ? "its authorization-endpoint check and token "
                            + "post-processor SPIs" : "its client-policy events");
        }
    }

    /** The required capabilities whose class this Keycloak does not have. */
    static List<SupportedKeycloak.Capability> missingCapabilities() {
        return SupportedKeycloak.REQUIRED.stream().filter(c -> !IssuanceHooks.present(c.className())).toList();
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(ALLOW_UNTESTED_VERSION).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false)
                .helpText("Let payer-auth run on a Keycloak version outside its tested range (never in production); "
                        + "a version without an extension point a security rule needs is refused regardless")
                .add().build();
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
