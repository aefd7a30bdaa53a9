package org.payerauth.fhir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The SMART scopes a payer realm offers (CARIN Blue Button minimum set plus the SMART v2 {@code .rs} forms, US Core
 * Condition and Observation, and the HTI-1 granular scopes of {@link GranularScopes#defaults}).
 * This is the one list that discovery ({@code scopes_supported}) and the realm's client scopes are built from.
 */
public final class SmartScopes {

    public static final String OPENID = "openid";
    public static final String FHIR_USER = "fhirUser";
    public static final String LAUNCH_PATIENT = "launch/patient";
    public static final String OFFLINE_ACCESS = "offline_access";
    public static final String ONLINE_ACCESS = "online_access";

    /** The resource types of the CARIN Blue Button IG's scope list. */
    public static final List<String> CARIN_RESOURCE_TYPES =
            List.of("ExplanationOfBenefit", "Coverage", "Patient", "Organization", "Practitioner");

    /**
     * The US Core clinical resource types whose categories HTI-1 requires as granular scopes (PDex serves US Core
     * clinical data): offered at resource level and, in {@link GranularScopes#defaults}, per category.
     */
    public static final List<String> CLINICAL_RESOURCE_TYPES = List.of("Condition", "Observation");

    /** Every resource type with resource-level scopes. */
    public static final List<String> RESOURCE_TYPES = java.util.stream.Stream.concat(CARIN_RESOURCE_TYPES.stream(),
            CLINICAL_RESOURCE_TYPES.stream()).toList();

    /** SMART v1 read permission and its SMART v2 equivalent (read + search). */
    public static final List<String> PERMISSIONS = List.of("read", "rs");

    /** The user-level and patient-level compartments. */
    public static final List<String> COMPARTMENTS = List.of("patient", "user");

    private static final List<String> ALL = buildAll();
    private static final List<String> SYSTEM = buildCompartment("system");

    private SmartScopes() {
    }

    /** Every scope the realm supports, in a stable order (identity and launch scopes first). */
    public static List<String> all() {
        return ALL;
    }

    /**
     * The {@code system/} scopes of B2B apps (UDAP {@code client_credentials} with {@code hl7-b2b}, SMART Backend
     * Services): the same resource types and permissions. Not part of {@link #all()}: no member is involved, so they
     * are never offered to member-facing apps; UDAP registration grants them to {@code client_credentials} apps only.
     */
    public static List<String> systemScopes() {
        return SYSTEM;
    }

    /** The resource scopes only ({@code patient/X.read}, {@code user/*.rs}, ...). */
    public static List<String> resourceScopes() {
        return ALL.subList(5, ALL.size());
    }

    private static List<String> buildCompartment(String compartment) {
        List<String> scopes = new ArrayList<>();
        for (String type : RESOURCE_TYPES) {
            for (String permission : PERMISSIONS) {
                scopes.add(compartment + "/" + type + "." + permission);
            }
        }
        for (String permission : PERMISSIONS) {
            scopes.add(compartment + "/*." + permission);
        }
        return Collections.unmodifiableList(scopes);
    }

    private static List<String> buildAll() {
        List<String> scopes = new ArrayList<>();
        scopes.add(OPENID);
        scopes.add(FHIR_USER);
        scopes.add(LAUNCH_PATIENT);
        scopes.add(OFFLINE_ACCESS);
        scopes.add(ONLINE_ACCESS);
        for (String compartment : COMPARTMENTS) {
            for (String type : RESOURCE_TYPES) {
                for (String permission : PERMISSIONS) {
                    scopes.add(compartment + "/" + type + "." + permission);
                }
            }
            for (String permission : PERMISSIONS) {
                scopes.add(compartment + "/*." + permission);
            }
        }
        scopes.addAll(GranularScopes.defaults().keySet());
        return Collections.unmodifiableList(scopes);
    }
}
