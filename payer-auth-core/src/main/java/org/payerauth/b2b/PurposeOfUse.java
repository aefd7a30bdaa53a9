package org.payerauth.b2b;

import java.util.Optional;
import java.util.Set;

/**
 * Purposes of use in B2B requests. The UDAP IG encourages the HL7 PurposeOfUse value set
 * ({@code http://terminology.hl7.org/ValueSet/v3-PurposeOfUse}: the codes of v3 ActReason under
 * {@code _PurposeOfUse}), written as the bare code ({@code TREAT}), in the IG's preferred form
 * {@code urn:oid:2.16.840.1.113883.5.8#TREAT}, or with the code system's FHIR URL
 * ({@code http://terminology.hl7.org/CodeSystem/v3-ActReason#TREAT} or {@code |TREAT}). A community may constrain the
 * allowed values to a list of its own instead ({@link B2bPolicy#purposesOfUse()}).
 */
public final class PurposeOfUse {

    /** The OID of the v3 ActReason code system, the IG's prefix for purposes of use. */
    public static final String OID = "urn:oid:2.16.840.1.113883.5.8";
    /** The FHIR URL of the v3 ActReason code system. */
    public static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

    /** The codes of the HL7 PurposeOfUse value set (THO v3-PurposeOfUse, expansion of 2024). */
    public static final Set<String> HL7_VALUE_SET = Set.of("BIORCH", "BTG", "CAREMGT", "CLINTRCH", "CLINTRCHNPC",
            "CLINTRCHPC", "CLINTRL", "CLMATTCH", "COC", "COVAUTH", "COVERAGE", "DISASTER", "DONAT", "DSRCH", "ELIGDTRM",
            "ELIGVER", "ENROLLM", "ERTREAT", "ETREAT", "FAMRQT", "FRAUD", "GOV", "HACCRED", "HCOMPL", "HDECD", "HDIRECT",
            "HDM", "HLEGAL", "HMARKT", "HOPERAT", "HOUTCOMS", "HPAYMT", "HPRGRP", "HQUALIMP", "HRESCH", "HSYSADMIN",
            "HTEST", "LABELING", "MEMADMIN", "METAMGT", "MILCDM", "MILDCRG", "PATADMIN", "PATRQT", "PATSFTY", "PERFMSR",
            "POARCH", "POPHLTH", "PRECLINTRCH", "PUBHLTH", "PWATRNY", "RECORDMGT", "REMITADV", "SUPNWK", "SYSDEV",
            "THREAT", "TRAIN", "TRANSRCH", "TREAT");

    private static final String[] PREFIXES = {OID + "#", OID + "|", SYSTEM + "#", SYSTEM + "|"};

    private PurposeOfUse() {
    }

    /**
     * The HL7 PurposeOfUse code {@code value} names (bare, or prefixed by the ActReason OID or URL), or empty when it
     * is not one of the value set.
     */
    public static Optional<String> hl7Code(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String code = value;
        for (String prefix : PREFIXES) {
            if (value.startsWith(prefix)) {
                code = value.substring(prefix.length());
                break;
            }
        }
        return HL7_VALUE_SET.contains(code) ? Optional.of(code) : Optional.empty();
    }
}
