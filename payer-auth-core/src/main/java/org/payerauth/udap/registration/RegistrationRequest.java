package org.payerauth.udap.registration;

import java.util.List;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

import org.payerauth.udap.RegistrationSettings;
import org.payerauth.udap.UdapException;

/**
 * The body of a UDAP registration request (udap.org DCR §3, RFC 7591 §3.1): a JSON object with
 * {@code software_statement} and {@code udap: "1"}, optionally {@code certifications} (an array of signed JWTs,
 * checked by {@link org.payerauth.udap.certification.CertificationVerifier}).
 *
 * @param softwareStatement the signed software statement, exactly as submitted
 * @param certifications    the certifications, as submitted (empty when absent)
 */
public record RegistrationRequest(String softwareStatement, List<String> certifications) {

    public RegistrationRequest {
        certifications = certifications == null ? List.of() : List.copyOf(certifications);
    }

    /** Parses the body within the realm's size limit. */
    public static RegistrationRequest parse(String body, RegistrationSettings settings) throws UdapException {
        if (body == null || body.isBlank()) {
            throw UdapException.malformedRequest("The request body is empty; send {\"software_statement\": ..., \"udap\": \"1\"}");
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > settings.maxRequestBytes()) {
            throw UdapException.malformedRequest("The request body is larger than " + settings.maxRequestBytes() + " bytes");
        }
        Map<String, Object> request;
        try {
            request = JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw UdapException.malformedRequest("The request body is not a JSON object");
        }
        Object udap = request.get("udap");
        if (udap == null) {
            throw UdapException.malformedRequest("Missing parameter: udap (must be \"1\")");
        }
        if (!"1".equals(udap)) {
            throw UdapException.malformedRequest("Unsupported udap version: only \"1\" is supported");
        }
        Object statement = request.get("software_statement");
        if (!(statement instanceof String value)) {
            throw UdapException.invalidStatement("Missing parameter: software_statement (a signed JWT)");
        }
        Object certifications = request.get("certifications");
        List<String> jwts = new java.util.ArrayList<>();
        if (certifications != null) {
            if (!(certifications instanceof List<?> list)) {
                throw UdapException.malformedRequest("certifications must be an array of signed JWTs");
            }
            for (Object certification : list) {
                if (!(certification instanceof String jwt)) {
                    throw UdapException.malformedRequest("certifications must be an array of signed JWTs (strings)");
                }
                jwts.add(jwt);
            }
        }
        return new RegistrationRequest(value, jwts);
    }
}
