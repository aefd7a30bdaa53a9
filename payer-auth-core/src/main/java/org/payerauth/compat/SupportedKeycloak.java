package org.payerauth.compat;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Keycloak this drop-in set runs on (issue "Keycloak versions"; Keycloak's guidance for extensions: fail clearly
 * on an unsupported server). A Keycloak outside the supported lines, or one that lacks an extension point a security
 * rule is built on, must not serve: on it a rule would silently not apply (the authorization-request rules, the
 * launch-bound refresh) or a request would end in a 500. The Red Hat build of Keycloak carries the upstream version
 * followed by a qualifier ({@code 26.4.7.redhat-00001}); the upstream line is what counts.
 */
public final class SupportedKeycloak {

    /**
     * The Keycloak lines (major.minor) this drop-in set supports: 26.4, 26.5 and 26.7 are tested; 26.6 (not served by
     * Maven Central here) has every extension point 26.5 has plus the native ones of 26.7, and is supported by
     * construction. On 26.4 Tiered OAuth runs on a class compiled against 26.4's broker API (its own jar of the
     * drop-in set); 26.3 and older lack extension points the rules are built on and are untested.
     */
    public static final List<String> LINES = List.of("26.4", "26.5", "26.6", "26.7");

    /** The supported range as the README and the log say it. */
    public static final String RANGE = "Keycloak 26.4.x to 26.7.x";

    /** An extension point of Keycloak that a payer-auth security rule is built on, by class name. */
    public record Capability(String className, String whatNeedsIt) {
    }

    /**
     * The extension points without which a security rule would be missing, not merely a feature, on every line: their
     * absence refuses the server whatever the version and whatever the operator allows. (The authorization-request and
     * token-response rules have a hook on every supported line; the guard checks that the one of this line is active.)
     */
    public static final List<Capability> REQUIRED = List.of(
            new Capability("org.keycloak.protocol.oidc.TokenIntrospectionProviderFactory",
                    "introspection that ends a token with its member's consent or link"));

    /** The hook of the authorization-request and token-response rules on lines without the native SPIs. */
    public static Capability clientPolicyHook(String providerId) {
        return new Capability("the client-policy-manager provider '" + providerId + "' as the server's default",
                "the SMART and UDAP authorization-request rules (aud, state, PKCE, launch scopes) and the token-response "
                        + "rules (launch-bound refresh tokens, no SMART token without the SMART checks) on this Keycloak");
    }

    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)(?:[.-].*)?$");

    private SupportedKeycloak() {
    }

    /** The verdict on a Keycloak. */
    public sealed interface Verdict permits Supported, Refused {
    }

    /** Serve; {@code warning} (may be null) is for the log: an untested version the operator allowed. */
    public record Supported(String warning) implements Verdict {
    }

    /** Do not serve; {@code message} says why and what to do, for the ERROR log line. */
    public record Refused(String message) implements Verdict {
    }

    /** {@code major.minor} of a Keycloak version string, upstream or Red Hat build; empty when it is not one. */
    public static Optional<String> line(String version) {
        if (version == null) {
            return Optional.empty();
        }
        Matcher m = VERSION.matcher(version.trim());
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1)) + "." + Integer.parseInt(m.group(2))) : Optional.empty();
    }

    /**
     * @param version           the running Keycloak's version ({@code org.keycloak.common.Version.VERSION})
     * @param missing           the {@link #REQUIRED} capabilities this Keycloak lacks
     * @param allowUntested     the operator's opt-in to run on a line outside {@link #LINES} (never with a missing
     *                          capability)
     */
    public static Verdict check(String version, List<Capability> missing, boolean allowUntested) {
        if (!missing.isEmpty()) {
            StringBuilder what = new StringBuilder();
            for (Capability capability : missing) {
                what.append(what.length() == 0 ? "" : "; ").append(capability.className())
                        .append(" (needed for ").append(capability.whatNeedsIt()).append(')');
            }
            return new Refused("payer-auth cannot run on Keycloak " + version + ": it lacks " + what
                    + ". payer-auth supports " + RANGE + ". Keycloak does not start rather than run without these "
                    + "security rules: install the payer-auth release for your Keycloak version, or upgrade Keycloak.");
        }
        Optional<String> line = line(version);
        if (line.isPresent() && LINES.contains(line.get())) {
            return new Supported(null);
        }
        String which = line.isPresent() ? "Keycloak " + version : "a Keycloak whose version '" + version + "' is not recognised";
        if (allowUntested) {
            return new Supported("payer-auth runs on " + which + ", outside the tested range (" + RANGE
                    + "), because the operator allowed untested versions; every extension point it needs is present, "
                    + "but nothing has been tested on this version");
        }
        return new Refused("payer-auth supports " + RANGE + "; this is " + which + ". Keycloak does not start: on "
                + "an untested version a security rule could silently stop applying. Install the payer-auth release for "
                + "your Keycloak version or upgrade Keycloak; to try an untested version anyway (never in production), "
                + "start with --spi-payer-auth-compatibility--keycloak-version-guard--allow-untested-version=true.");
    }
}
