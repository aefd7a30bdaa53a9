package org.payerauth.b2b;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who asks, why, and for whom: the B2B context of one token request, from the {@code hl7-b2b} (and
 * {@code hl7-b2b-user}) extension of a UDAP client assertion, or from an administrator's settings for a SMART Backend
 * Services client (which sends no extension). Every member but {@link #purposesOfUse()} may be absent (null or empty).
 *
 * @param organizationId    the requesting organization (a URI)
 * @param organizationName  its name
 * @param subjectId         the requestor's identifier as sent ({@code subject_id})
 * @param subjectName       the requestor's name
 * @param subjectRole       the requestor's role
 * @param npi               the requestor's NPI (ten digits, check digit verified), from {@code subject_id} or the settings
 * @param group             the FHIR id of the Group an organization-level Provider Access request names (§pdex-321)
 * @param purposesOfUse     the purposes of use: HL7 PurposeOfUse codes as bare codes, a community's own values as sent
 * @param consentPolicies   {@code consent_policy} URIs
 * @param consentReferences {@code consent_reference} URLs
 * @param userPerson        the {@code hl7-b2b-user} FHIR Person of the requesting user, or null
 * @param api               the CMS B2B API the client is set up for, or null
 * @param hl7B2b            the accepted {@code hl7-b2b} object (known members only), or null when none was sent
 */
public record B2bContext(String organizationId, String organizationName, String subjectId, String subjectName,
                         String subjectRole, String npi, String group, List<String> purposesOfUse,
                         List<String> consentPolicies, List<String> consentReferences, Map<String, Object> userPerson,
                         B2bApi api, Map<String, Object> hl7B2b) {

    public B2bContext {
        purposesOfUse = List.copyOf(Objects.requireNonNull(purposesOfUse, "purposesOfUse"));
        consentPolicies = consentPolicies == null ? List.of() : List.copyOf(consentPolicies);
        consentReferences = consentReferences == null ? List.of() : List.copyOf(consentReferences);
        userPerson = userPerson == null ? null : Map.copyOf(userPerson);
        hl7B2b = hl7B2b == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(hl7B2b));
    }

    /**
     * The context an administrator set for a client that sends no extension (SMART Backend Services).
     *
     * @param purposesOfUse the purposes the administrator recorded for this client (may be empty)
     */
    public static B2bContext fromSettings(String organizationId, String organizationName, String npi, String group,
                                          List<String> purposesOfUse, B2bApi api) {
        return new B2bContext(blankToNull(organizationId), blankToNull(organizationName), null, null, null,
                blankToNull(npi), blankToNull(group), purposesOfUse, null, null, null, api, null);
    }

    /** This context with the Group an administrator mapped the requestor's NPI to, unless the request named one. */
    public B2bContext withGroupIfNone(String mapped) {
        if (group != null || mapped == null || mapped.isBlank()) {
            return this;
        }
        return new B2bContext(organizationId, organizationName, subjectId, subjectName, subjectRole, npi, mapped.trim(),
                purposesOfUse, consentPolicies, consentReferences, userPerson, api, hl7B2b);
    }

    /**
     * This context for another API (a client's own setting over its community's): for Provider Access, a
     * {@code subject_id} that is neither an NPI nor a Group reference but a bare FHIR id names the Group.
     */
    public B2bContext withApi(B2bApi other) {
        String groupNow = group != null || npi != null ? group : AuthorizationExtensions.groupNamedBy(subjectId, other);
        return new B2bContext(organizationId, organizationName, subjectId, subjectName, subjectRole, npi, groupNow,
                purposesOfUse, consentPolicies, consentReferences, userPerson, other, hl7B2b);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
