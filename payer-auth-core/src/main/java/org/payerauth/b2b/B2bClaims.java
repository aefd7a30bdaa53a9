package org.payerauth.b2b;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The claims that carry a B2B context in access tokens and token introspection, so the FHIR server can decide
 * attribution and Group access without reading the client assertion. Names are flat and prefixed; absent members are
 * left out.
 */
public final class B2bClaims {

    /** The CMS B2B API the client is set up for: {@code provider-access} or {@code payer-to-payer}. */
    public static final String API = "b2b_api";
    public static final String ORGANIZATION_ID = "b2b_organization_id";
    public static final String ORGANIZATION_NAME = "b2b_organization_name";
    /** The requestor's NPI (ten digits, check digit verified). */
    public static final String NPI = "b2b_npi";
    public static final String SUBJECT_ID = "b2b_subject_id";
    public static final String SUBJECT_NAME = "b2b_subject_name";
    public static final String SUBJECT_ROLE = "b2b_subject_role";
    /** The FHIR id of the Group the token is for (organization-level Provider Access, PDex §pdex-290, §pdex-321). */
    public static final String GROUP = "b2b_group";
    /** The purposes of use (array). */
    public static final String PURPOSE_OF_USE = "b2b_purpose_of_use";
    public static final String CONSENT_POLICY = "b2b_consent_policy";
    public static final String CONSENT_REFERENCE = "b2b_consent_reference";
    /** The requesting user as a FHIR Person ({@code hl7-b2b-user}). */
    public static final String USER_PERSON = "b2b_user_person";
    /** The Patient FHIR id a member-scoped token is limited to (SMART's {@code patient}). */
    public static final String PATIENT = "patient";
    /** Whether sensitive data may be released under a member-scoped token: {@code include} or {@code exclude}. */
    public static final String SENSITIVE_DATA = "sensitive_data";
    /** The registered app's URI (a SAN URI of its certificate), for apps registered through UDAP. */
    public static final String UDAP_ISS = "udap_iss";
    /** The trust community the app registered in. */
    public static final String UDAP_COMMUNITY = "udap_community";
    /** The SHA-256 thumbprint (base64url) of the certificate the app authenticated with for this token. */
    public static final String UDAP_CERTIFICATE_THUMBPRINT = "udap_x5t#S256";

    /** Every claim of a B2B context; introspection reports them as the token carries them. */
    public static final List<String> ALL = List.of(API, ORGANIZATION_ID, ORGANIZATION_NAME, NPI, SUBJECT_ID,
            SUBJECT_NAME, SUBJECT_ROLE, GROUP, PURPOSE_OF_USE, CONSENT_POLICY, CONSENT_REFERENCE, USER_PERSON,
            UDAP_COMMUNITY, UDAP_CERTIFICATE_THUMBPRINT);

    private B2bClaims() {
    }

    /** The claims of {@code context}. */
    public static Map<String, Object> of(B2bContext context) {
        Map<String, Object> claims = new LinkedHashMap<>();
        put(claims, API, context.api() == null ? null : context.api().setting());
        put(claims, ORGANIZATION_ID, context.organizationId());
        put(claims, ORGANIZATION_NAME, context.organizationName());
        put(claims, NPI, context.npi());
        put(claims, SUBJECT_ID, context.subjectId());
        put(claims, SUBJECT_NAME, context.subjectName());
        put(claims, SUBJECT_ROLE, context.subjectRole());
        put(claims, GROUP, context.group());
        put(claims, PURPOSE_OF_USE, context.purposesOfUse().isEmpty() ? null : context.purposesOfUse());
        put(claims, CONSENT_POLICY, context.consentPolicies().isEmpty() ? null : context.consentPolicies());
        put(claims, CONSENT_REFERENCE, context.consentReferences().isEmpty() ? null : context.consentReferences());
        put(claims, USER_PERSON, context.userPerson());
        return claims;
    }

    private static void put(Map<String, Object> claims, String name, Object value) {
        if (value != null) {
            claims.put(name, value);
        }
    }
}
