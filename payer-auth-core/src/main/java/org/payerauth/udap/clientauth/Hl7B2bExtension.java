package org.payerauth.udap.clientauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;

/**
 * The {@code hl7-b2b} authorization extension of a client assertion (HL7 UDAP Security IG 2.0 §5.2.1.1): the
 * business context of a B2B {@code client_credentials} request. Problems are {@code invalid_grant}.
 */
public final class Hl7B2bExtension {

    public static final String NAME = "hl7-b2b";

    private static final Set<String> KNOWN = Set.of("version", "subject_name", "subject_id", "subject_role",
            "organization_name", "organization_id", "purpose_of_use", "consent_policy", "consent_reference");

    private Hl7B2bExtension() {
    }

    /**
     * @param extensions the assertion's {@code extensions} claim (may be null)
     * @param required   whether the extension must be present
     * @return the validated extension (known members only), or null when absent and not required
     */
    public static Map<String, Object> validate(Object extensions, boolean required) throws UdapException {
        Object value = extensions instanceof Map<?, ?> map ? map.get(NAME) : null;
        if (extensions != null && !(extensions instanceof Map)) {
            throw invalid("extensions must be a JSON object");
        }
        if (value == null) {
            if (required) {
                throw invalid("The hl7-b2b authorization extension is required in the client assertion's extensions "
                        + "(version \"1\", organization_id, purpose_of_use)");
            }
            return null;
        }
        if (!(value instanceof Map<?, ?> b2b)) {
            throw invalid("extensions.hl7-b2b must be a JSON object");
        }
        if (!"1".equals(b2b.get("version"))) {
            throw invalid("extensions.hl7-b2b.version must be \"1\"");
        }
        Object organization = b2b.get("organization_id");
        if (!(organization instanceof String org) || !isAbsoluteUri(org)) {
            throw invalid("extensions.hl7-b2b.organization_id must be a URI identifying the requesting organization");
        }
        List<String> purposes = strings(b2b.get("purpose_of_use"), "purpose_of_use");
        if (purposes == null || purposes.isEmpty() || purposes.stream().anyMatch(String::isBlank)) {
            throw invalid("extensions.hl7-b2b.purpose_of_use must be an array of at least one non-blank purpose of use");
        }
        for (String optional : List.of("subject_name", "subject_id", "subject_role", "organization_name")) {
            Object member = b2b.get(optional);
            if (member != null && !(member instanceof String)) {
                throw invalid("extensions.hl7-b2b." + optional + " must be a string");
            }
        }
        List<String> policies = strings(b2b.get("consent_policy"), "consent_policy");
        if (policies != null && !policies.stream().allMatch(Hl7B2bExtension::isAbsoluteUri)) {
            throw invalid("extensions.hl7-b2b.consent_policy must be an array of URIs");
        }
        List<String> references = strings(b2b.get("consent_reference"), "consent_reference");
        if (references != null && !references.stream().allMatch(Hl7B2bExtension::isAbsoluteUri)) {
            throw invalid("extensions.hl7-b2b.consent_reference must be an array of URLs");
        }
        Map<String, Object> accepted = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : b2b.entrySet()) {
            if (KNOWN.contains(String.valueOf(entry.getKey()))) {
                accepted.put(String.valueOf(entry.getKey()), entry.getValue());
            }
        }
        return accepted;
    }

    private static List<String> strings(Object value, String name) throws UdapException {
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw invalid("extensions.hl7-b2b." + name + " must be an array of strings");
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static boolean isAbsoluteUri(String value) {
        try {
            return new URI(value).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static UdapException invalid(String description) {
        return new UdapException(Reason.INVALID_AUTHORIZATION_EXTENSION, description);
    }
}
