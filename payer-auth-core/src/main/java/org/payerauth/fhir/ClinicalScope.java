package org.payerauth.fhir;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SMART clinical scope: {@code (patient|user|system)/(ResourceType|*).(permissions)[?param=value(&param=value)*]}
 * (SMART App Launch 2, "Clinical Scope Syntax"). v1 permissions ({@code read}, {@code write}, {@code *}) are kept as
 * written and read as their v2 equivalents ({@code rs}, {@code cud}, {@code cruds}) when comparing. A scope with a
 * query is <em>granular</em>: it grants the part of its {@link #base} that the search parameters select.
 *
 * @param compartment  {@code patient}, {@code user} or {@code system}
 * @param resourceType a FHIR resource type or {@code *}
 * @param permissions  as written ({@code rs}, {@code read}, ...)
 * @param parameters   the search parameters of a granular scope, in order (empty for a resource-level scope)
 */
public record ClinicalScope(String compartment, String resourceType, String permissions, Map<String, String> parameters) {

    private static final Pattern SYNTAX = Pattern.compile(
            "(patient|user|system)/([A-Z][A-Za-z]{0,63}|\\*)\\.(read|write|\\*|c?r?u?d?s?)(\\?(.+))?");
    private static final Pattern PARAMETER = Pattern.compile("([a-z][a-z0-9\\-_:.]{0,63})=([^&=\\s]{1,512})");

    public ClinicalScope {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * Reads a scope; empty when it is not a clinical scope, has undefined or out-of-order permissions, an empty
     * permission list, or a malformed query (a repeated parameter included).
     */
    public static Optional<ClinicalScope> parse(String scope) {
        if (scope == null) {
            return Optional.empty();
        }
        Matcher matcher = SYNTAX.matcher(scope);
        if (!matcher.matches() || matcher.group(3).isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (matcher.group(5) != null) {
            for (String pair : matcher.group(5).split("&", -1)) {
                Matcher parameter = PARAMETER.matcher(pair);
                if (!parameter.matches() || parameters.put(parameter.group(1), parameter.group(2)) != null) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new ClinicalScope(matcher.group(1), matcher.group(2), matcher.group(3), parameters));
    }

    /** Whether the scope has search parameters. */
    public boolean isGranular() {
        return !parameters.isEmpty();
    }

    /** The resource-level scope this granular scope narrows ({@code patient/Observation.rs}). */
    public String base() {
        return compartment + "/" + resourceType + "." + permissions;
    }

    /** The v2 permission letters ({@code read} is {@code rs}, {@code write} is {@code cud}, {@code *} is {@code cruds}). */
    public String v2Permissions() {
        return switch (permissions) {
            case "read" -> "rs";
            case "write" -> "cud";
            case "*" -> "cruds";
            default -> permissions;
        };
    }

    /**
     * Whether a client holding this (resource-level) scope may be granted {@code other}: same compartment, the same
     * resource type or {@code *}, every permission of {@code other} included, and no search parameters of its own.
     */
    public boolean covers(ClinicalScope other) {
        if (isGranular() || !compartment.equals(other.compartment)) {
            return false;
        }
        if (!resourceType.equals("*") && !resourceType.equals(other.resourceType)) {
            return false;
        }
        String mine = v2Permissions();
        return other.v2Permissions().chars().allMatch(c -> mine.indexOf(c) >= 0);
    }

    /** Among {@code scopeNames}, the resource-level scopes that cover {@code this}. */
    public List<String> coveredBy(Collection<String> scopeNames) {
        List<String> covering = new ArrayList<>();
        for (String name : scopeNames) {
            parse(name).filter(scope -> scope.covers(this)).ifPresent(scope -> covering.add(name));
        }
        return covering;
    }
}
