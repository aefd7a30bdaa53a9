package org.payerauth.udap.tiered;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A realm's Tiered OAuth policy.
 *
 * @param allowInsecureIdps    development only: IdPs over http and on loopback or private addresses
 * @param metadataMaxReuse     the longest a verified IdP metadata document is reused (it is never reused past its exp)
 * @param memberMapping        how a person the IdP authenticated becomes a member (U13)
 * @param maxIdentityProviders how many Tiered IdPs this realm keeps at most (each is an identity provider)
 * @param maxConcurrentMetadataLoads how many identity providers this realm looks up and verifies at once on this node
 *                             (each holds a request thread and an outbound connection until it ends or its deadline
 *                             passes); a request that would start one more gets {@code invalid_idp} at once
 * @param maxNewIdentityProvidersPerHour how many IdPs this realm registers at for the first time in any hour
 *                             ({@link NewIdentityProviderBudget})
 * @param clientName           the {@code client_name} this server registers with at IdPs
 * @param logoUri              the {@code logo_uri} it registers with (https; required by UDAP for authorization_code)
 * @param contacts             the {@code contacts} it registers with ({@code mailto:} URIs)
 * @param allowProxy           whether Tiered traffic may go through the outbound proxy Keycloak is configured with (the
 *                             proxy then resolves IdP names, so this server's address policy cannot apply: the proxy
 *                             must refuse internal destinations itself); off: Tiered OAuth is refused while a proxy is
 *                             configured
 */
public record TieredSettings(boolean allowInsecureIdps, Duration metadataMaxReuse, MemberMapping memberMapping,
                             int maxIdentityProviders, int maxConcurrentMetadataLoads, int maxNewIdentityProvidersPerHour,
                             String clientName, Optional<String> logoUri, List<String> contacts, boolean allowProxy) {

    public static final Duration DEFAULT_METADATA_MAX_REUSE = Duration.ofHours(1);
    public static final int DEFAULT_MAX_IDENTITY_PROVIDERS = 100;
    public static final int DEFAULT_MAX_CONCURRENT_METADATA_LOADS = 8;
    public static final int DEFAULT_MAX_NEW_IDENTITY_PROVIDERS_PER_HOUR = 10;

    /** How the person an IdP authenticated is mapped to a member (a payer's policy). */
    public enum MemberMapping {
        /**
         * The IdP's verified email names exactly one member, who confirms with their own credentials once; the
         * (iss, sub) link is stored and reused (Keycloak's "verify existing account by re-authentication").
         */
        VERIFY_EXISTING("verify-existing"),
        /** Only members an administrator linked to the IdP beforehand. */
        PRE_LINKED("pre-linked"),
        /**
         * As {@link #VERIFY_EXISTING} for a person whose verified email names a member; anyone else gets a new account
         * (with no patient, so patient launches end at the picker with {@code access_denied}). Off by default.
         */
        CREATE("create");

        private final String setting;

        MemberMapping(String setting) {
            this.setting = setting;
        }

        public String setting() {
            return setting;
        }

        public static Optional<MemberMapping> parse(String value) {
            if (value == null || value.isBlank()) {
                return Optional.of(VERIFY_EXISTING);
            }
            String v = value.trim().toLowerCase(Locale.ROOT);
            for (MemberMapping m : values()) {
                if (m.setting.equals(v)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }

    public TieredSettings {
        contacts = List.copyOf(contacts);
    }
}
