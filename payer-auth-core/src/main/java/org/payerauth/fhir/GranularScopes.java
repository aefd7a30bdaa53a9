package org.payerauth.fhir;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SMART v2 granular scopes ({@code patient/Observation.rs?category=…|laboratory}). A realm offers a granular scope by
 * having a client scope of that name (the realm files carry the HTI-1 set, {@link #defaults}); an app may be granted
 * one when it may also have a resource-level scope that covers it, and only with search parameters the realm allows
 * ({@link #refusal}). The FHIR server enforces what the parameters select; Keycloak carries the strings verbatim.
 */
public final class GranularScopes {

    /** The search parameters a granular scope may use unless the realm says otherwise. */
    public static final Set<String> DEFAULT_PARAMETERS = Set.of("category");

    /** A category of a resource type that HTI-1 (§170.315(g)(10)) requires as a sub-resource scope. */
    public record Category(String resourceType, String system, String code, String plainWords) {
        public String parameter() {
            return "category=" + system + "|" + code;
        }
    }

    private static final String CONDITION = "http://terminology.hl7.org/CodeSystem/condition-category";
    private static final String US_CORE_CONDITION = "http://hl7.org/fhir/us/core/CodeSystem/condition-category";
    private static final String OBSERVATION = "http://terminology.hl7.org/CodeSystem/observation-category";
    private static final String US_CORE = "http://hl7.org/fhir/us/core/CodeSystem/us-core-category";

    /** HTI-1's sub-resource scopes: Condition (3) and Observation (6) categories, with what they mean to a member. */
    public static final List<Category> HTI1_CATEGORIES = List.of(
            new Category("Condition", CONDITION, "encounter-diagnosis", "diagnoses from visits"),
            new Category("Condition", CONDITION, "problem-list-item", "problem list (ongoing conditions)"),
            new Category("Condition", US_CORE_CONDITION, "health-concern", "health concerns"),
            new Category("Observation", OBSERVATION, "procedure", "clinical test results"),
            new Category("Observation", OBSERVATION, "laboratory", "lab results"),
            new Category("Observation", OBSERVATION, "social-history", "social history (such as smoking)"),
            new Category("Observation", US_CORE, "sdoh", "social needs (such as housing or food)"),
            new Category("Observation", OBSERVATION, "survey", "questionnaire answers"),
            new Category("Observation", OBSERVATION, "vital-signs", "vital signs (such as blood pressure)"));

    private GranularScopes() {
    }

    /**
     * The granular scopes the realm files offer, each with the consent text members read: the HTI-1 categories at
     * patient and user level with read and search ({@code .rs}).
     */
    public static Map<String, String> defaults() {
        Map<String, String> scopes = new LinkedHashMap<>();
        for (String compartment : SmartScopes.COMPARTMENTS) {
            for (Category category : HTI1_CATEGORIES) {
                String whose = compartment.equals("patient") ? " of the member you choose"
                        : " you are allowed to see (yours and of members you act for)";
                scopes.put(compartment + "/" + category.resourceType() + ".rs?" + category.parameter(),
                        "Read and search the " + category.plainWords() + whose);
            }
        }
        return Collections.unmodifiableMap(scopes);
    }

    /**
     * Why an authorization request's granular scopes may not be granted to an app, as an {@code invalid_scope}
     * description; empty when they may (or there are none).
     *
     * @param requested         the requested scopes
     * @param clientScopes      the names of the client scopes the app may have (default and optional)
     * @param allowedParameters the search parameters the realm allows in granular scopes
     */
    public static Optional<String> refusal(Collection<String> requested, Collection<String> clientScopes,
                                           Set<String> allowedParameters) {
        List<String> resourceLevel = new ArrayList<>();
        for (String name : clientScopes) {
            ClinicalScope.parse(name).filter(s -> !s.isGranular()).ifPresent(s -> resourceLevel.add(name));
        }
        for (String scope : requested) {
            if (!scope.startsWith("patient/") && !scope.startsWith("user/") && !scope.startsWith("system/")
                    || scope.indexOf('?') < 0) {
                continue;
            }
            Optional<ClinicalScope> parsed = ClinicalScope.parse(scope);
            if (parsed.isEmpty()) {
                return Optional.of("Invalid scope: " + scope + " is not SMART granular scope syntax "
                        + "(compartment/Type.permissions?parameter=value)");
            }
            for (String parameter : parsed.get().parameters().keySet()) {
                if (!allowedParameters.contains(parameter)) {
                    return Optional.of("Invalid scope: " + scope + " uses the search parameter '" + parameter
                            + "', which this server does not offer in granular scopes (offered: "
                            + String.join(", ", allowedParameters.stream().sorted().toList()) + ")");
                }
            }
            if (parsed.get().coveredBy(resourceLevel).isEmpty()) {
                return Optional.of("Invalid scope: " + scope + " narrows " + parsed.get().base()
                        + ", which this app may not request (it needs that scope or a wildcard covering it)");
            }
        }
        return Optional.empty();
    }

    /**
     * The granular scopes among {@code offered} that narrow {@code resourceLevelScope}: what a member may choose on
     * the consent page instead of the whole resource type (HTI-1: sub-resource scopes presented when a Condition or
     * Observation resource-level scope is requested).
     */
    public static List<String> narrowing(String resourceLevelScope, Collection<String> offered) {
        Optional<ClinicalScope> base = ClinicalScope.parse(resourceLevelScope).filter(s -> !s.isGranular()
                && !s.resourceType().equals("*"));
        if (base.isEmpty()) {
            return List.of();
        }
        List<String> narrowing = new ArrayList<>();
        for (String name : offered) {
            ClinicalScope.parse(name).filter(ClinicalScope::isGranular).filter(base.get()::covers).ifPresent(s -> narrowing.add(name));
        }
        return narrowing;
    }
}
