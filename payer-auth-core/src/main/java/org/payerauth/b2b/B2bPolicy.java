package org.payerauth.b2b;

import java.util.Objects;
import java.util.Set;

/**
 * What a trust community (or an administrator, for one client) requires of the B2B context of its apps' requests.
 *
 * @param hl7B2bRequired     {@code client_credentials} assertions must carry {@code hl7-b2b} (UDAP IG 2.0 §5.2.1.1;
 *                           then listed in {@code udap_authorization_extensions_required})
 * @param hl7B2bUserRequired {@code client_credentials} assertions must carry {@code hl7-b2b-user}
 * @param purposesOfUse      the purposes of use allowed, exactly as apps write them; empty: the HL7 PurposeOfUse value
 *                           set ({@link PurposeOfUse#HL7_VALUE_SET}) in any of its written forms
 * @param subjectIdIsNpi     {@code subject_id}, when sent, must be an NPI (the IG lets a community constrain the naming
 *                           system and encourages the NPI; PDex §pdex-320)
 * @param api                the CMS B2B API the apps are set up for, or null: no member-scoped tokens
 */
public record B2bPolicy(boolean hl7B2bRequired, boolean hl7B2bUserRequired, Set<String> purposesOfUse,
                        boolean subjectIdIsNpi, B2bApi api) {

    /** The default of a community: {@code hl7-b2b} required, HL7 purposes of use, any subject identifier, no API. */
    public static final B2bPolicy DEFAULT = new B2bPolicy(true, false, Set.of(), false, null);

    public B2bPolicy {
        purposesOfUse = Set.copyOf(Objects.requireNonNull(purposesOfUse, "purposesOfUse"));
    }

    /** The default policy, with {@code hl7-b2b} required or not. */
    public static B2bPolicy requiringHl7B2b(boolean required) {
        return new B2bPolicy(required, false, Set.of(), false, null);
    }

    /** This policy for another API (a client's own setting over its community's). */
    public B2bPolicy withApi(B2bApi other) {
        return new B2bPolicy(hl7B2bRequired, hl7B2bUserRequired, purposesOfUse, subjectIdIsNpi, other);
    }
}
