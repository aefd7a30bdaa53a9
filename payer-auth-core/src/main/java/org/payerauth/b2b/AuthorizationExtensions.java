package org.payerauth.b2b;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;

/**
 * The authorization extensions of a B2B {@code client_credentials} client assertion, read strictly: {@code hl7-b2b}
 * (HL7 UDAP Security IG 2.0 §5.2.1.1) and {@code hl7-b2b-user} (HL7 Interoperable Digital Identity and Patient Matching
 * IG). Every problem is {@code invalid_grant} with a description that names the field; other extension names are
 * ignored, as the IG allows.
 * <ul>
 *   <li>{@code version} "1"; {@code organization_id} an absolute URI; {@code purpose_of_use} one or more values the
 *       policy allows (the HL7 PurposeOfUse value set unless the community lists its own);</li>
 *   <li>{@code subject_id}: ten digits or the NPI namespace claim an NPI, which must pass the check digit; when the
 *       policy says so it must be an NPI; {@code Group/<id>} (or, for a Provider Access client, a bare FHIR id)
 *       names the Group of an organization-level request (PDex §pdex-321);</li>
 *   <li>{@code consent_policy} URIs, {@code consent_reference} absolute URLs, the string members strings;</li>
 *   <li>{@code hl7-b2b-user}: {@code version} "1", {@code user_person} a FHIR Person, {@code purpose_of_use} as above.</li>
 * </ul>
 */
public final class AuthorizationExtensions {

    public static final String HL7_B2B = "hl7-b2b";
    public static final String HL7_B2B_USER = "hl7-b2b-user";

    private static final Set<String> HL7_B2B_MEMBERS = Set.of("version", "subject_name", "subject_id", "subject_role",
            "organization_name", "organization_id", "purpose_of_use", "consent_policy", "consent_reference");
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final String GROUP_PREFIX = "Group/";

    private AuthorizationExtensions() {
    }

    /**
     * @param extensions the assertion's {@code extensions} claim (may be null)
     * @param policy     what the client's community (or its administrator) requires
     * @return the B2B context, or null when no {@code hl7-b2b} was sent and none is required
     */
    public static B2bContext read(Object extensions, B2bPolicy policy) throws UdapException {
        if (extensions != null && !(extensions instanceof Map)) {
            throw invalid("extensions must be a JSON object");
        }
        Map<?, ?> all = extensions == null ? Map.of() : (Map<?, ?>) extensions;
        Object b2bValue = all.get(HL7_B2B);
        Object userValue = all.get(HL7_B2B_USER);
        if (b2bValue == null && policy.hl7B2bRequired()) {
            throw invalid("The hl7-b2b authorization extension is required in the client assertion's extensions "
                    + "(version \"1\", organization_id, purpose_of_use)");
        }
        if (userValue == null && policy.hl7B2bUserRequired()) {
            throw invalid("The hl7-b2b-user authorization extension is required in the client assertion's extensions "
                    + "(version \"1\", user_person, purpose_of_use)");
        }
        Map<String, Object> userPerson = userValue == null ? null : user(userValue, policy);
        if (b2bValue == null) {
            return null;
        }
        if (!(b2bValue instanceof Map<?, ?> b2b)) {
            throw invalid("extensions.hl7-b2b must be a JSON object");
        }
        version(b2b, HL7_B2B);
        String organization = optionalString(b2b, "organization_id");
        if (organization == null || !isAbsoluteUri(organization)) {
            throw invalid("extensions.hl7-b2b.organization_id must be a URI identifying the requesting organization");
        }
        List<String> purposes = purposes(b2b.get("purpose_of_use"), HL7_B2B, policy);
        String subjectName = optionalString(b2b, "subject_name");
        String subjectId = optionalString(b2b, "subject_id");
        String subjectRole = optionalString(b2b, "subject_role");
        String organizationName = optionalString(b2b, "organization_name");
        String npi = null;
        String group = null;
        if (subjectId != null) {
            Optional<String> claimed = Npi.claimedBy(subjectId);
            if (claimed.isPresent()) {
                if (!Npi.isValid(claimed.get())) {
                    throw invalid("extensions.hl7-b2b.subject_id claims to be an NPI but is not a valid one (ten digits "
                            + "with the NPI check digit)");
                }
                npi = claimed.get();
            } else {
                group = groupNamedBy(subjectId, policy.api());
            }
            if (policy.subjectIdIsNpi() && npi == null) {
                throw invalid("extensions.hl7-b2b.subject_id must be the requestor's NPI in this trust community "
                        + "(urn:oid:2.16.840.1.113883.4.6#<ten digits>)");
            }
        }
        List<String> policies = uris(b2b.get("consent_policy"), "consent_policy", "URIs");
        List<String> references = uris(b2b.get("consent_reference"), "consent_reference", "absolute URLs");
        Map<String, Object> accepted = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : b2b.entrySet()) {
            if (HL7_B2B_MEMBERS.contains(String.valueOf(entry.getKey()))) {
                accepted.put(String.valueOf(entry.getKey()), entry.getValue());
            }
        }
        return new B2bContext(organization, organizationName, subjectId, subjectName, subjectRole, npi, group, purposes,
                policies, references, userPerson, policy.api(), accepted);
    }

    /**
     * The Group a {@code subject_id} that is not an NPI names (PDex §pdex-321): {@code Group/<id>}, or, for a
     * Provider Access client, a bare FHIR id; null otherwise.
     */
    static String groupNamedBy(String subjectId, B2bApi api) {
        if (subjectId == null) {
            return null;
        }
        if (subjectId.startsWith(GROUP_PREFIX) && FHIR_ID.matcher(subjectId.substring(GROUP_PREFIX.length())).matches()) {
            return subjectId.substring(GROUP_PREFIX.length());
        }
        return api == B2bApi.PROVIDER_ACCESS && FHIR_ID.matcher(subjectId).matches() ? subjectId : null;
    }

    private static Map<String, Object> user(Object value, B2bPolicy policy) throws UdapException {
        if (!(value instanceof Map<?, ?> user)) {
            throw invalid("extensions.hl7-b2b-user must be a JSON object");
        }
        version(user, HL7_B2B_USER);
        if (!(user.get("user_person") instanceof Map<?, ?> person) || !"Person".equals(person.get("resourceType"))) {
            throw invalid("extensions.hl7-b2b-user.user_person must be a FHIR Person resource (resourceType \"Person\")");
        }
        purposes(user.get("purpose_of_use"), HL7_B2B_USER, policy);
        Map<String, Object> copy = new LinkedHashMap<>();
        person.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    private static void version(Map<?, ?> extension, String name) throws UdapException {
        if (!"1".equals(extension.get("version"))) {
            throw invalid("extensions." + name + ".version must be \"1\"");
        }
    }

    private static List<String> purposes(Object value, String extension, B2bPolicy policy) throws UdapException {
        List<String> sent = strings(value, extension + ".purpose_of_use");
        if (sent == null || sent.isEmpty() || sent.stream().anyMatch(String::isBlank)) {
            throw invalid("extensions." + extension + ".purpose_of_use must be an array of at least one purpose of use");
        }
        List<String> accepted = new ArrayList<>();
        for (String purpose : sent) {
            if (!policy.purposesOfUse().isEmpty()) {
                if (!policy.purposesOfUse().contains(purpose)) {
                    throw invalid("extensions." + extension + ".purpose_of_use: a value is not one this trust community "
                            + "allows; allowed: " + String.join(", ", new java.util.TreeSet<>(policy.purposesOfUse())));
                }
                accepted.add(purpose);
            } else {
                accepted.add(PurposeOfUse.hl7Code(purpose).orElseThrow(() -> invalid("extensions." + extension
                        + ".purpose_of_use: a value is not a code of the HL7 PurposeOfUse value set (e.g. "
                        + "urn:oid:2.16.840.1.113883.5.8#TREAT)")));
            }
        }
        return accepted;
    }

    private static String optionalString(Map<?, ?> extension, String member) throws UdapException {
        Object value = extension.get(member);
        if (value != null && !(value instanceof String)) {
            throw invalid("extensions.hl7-b2b." + member + " must be a string");
        }
        String text = (String) value;
        if (text != null && text.isBlank()) {
            throw invalid("extensions.hl7-b2b." + member + " must not be blank when present");
        }
        return text;
    }

    private static List<String> uris(Object value, String member, String what) throws UdapException {
        List<String> list = strings(value, HL7_B2B + "." + member);
        if (list != null && !list.stream().allMatch(AuthorizationExtensions::isAbsoluteUri)) {
            throw invalid("extensions.hl7-b2b." + member + " must be an array of " + what);
        }
        return list;
    }

    private static List<String> strings(Object value, String name) throws UdapException {
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw invalid("extensions." + name + " must be an array of strings");
        }
        return list.stream().map(String.class::cast).toList();
    }

    /** Whether {@code value} is an absolute URI (RFC 3986: with a scheme). */
    public static boolean isAbsoluteUri(String value) {
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
