package org.payerauth.smart.launch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Binds each SMART launch's context ({@link LaunchContext}) to its own authorization code (security review 2, H2).
 *
 * <p>Keycloak keeps one client session per SSO session and app, and its authorization code carries only scope, nonce,
 * redirect URI and PKCE challenge. A second launch of the same app (another tab, another patient) therefore puts its
 * patient and {@code aud} where the first launch's code exchange would read them. So each launch's context is kept
 * under its PKCE {@code code_challenge} (SMART requires PKCE with S256) when the launch is authorized, and the code
 * exchange reads it back from {@code S256(code_verifier)}, which Keycloak has already matched against the code's
 * challenge. The rules of that exchange are here; keeping and reading are Keycloak's single-use store.
 *
 * <ul>
 *   <li>A SMART code with no launch bound to it is refused: nothing else says which launch it belongs to.</li>
 *   <li>Two different launches of one app and member under one challenge (an app reusing its PKCE verifier) bind
 *       nothing: their codes are refused, since neither can be told apart.</li>
 *   <li>A code whose launch a later launch of the app replaced (the client session now holds another patient or
 *       {@code aud}) is refused: the later launch's code and tokens keep working, and this code never yields the
 *       later launch's patient.</li>
 * </ul>
 * Every refusal is {@code invalid_grant} (RFC 6749 §5.2: the authorization grant is invalid).
 */
public final class LaunchBinding {

    /** Note of a binding made ambiguous by two launches under one challenge. */
    static final String AMBIGUOUS_NOTE = "ambiguous";
    /** Note naming the authorization (root session and tab) that made a binding. */
    static final String AUTHORIZATION_NOTE = "authorization";
    /** Key part for a launch without PKCE (only UDAP apps in the STU1.1 compatibility mode may launch so). */
    static final String NO_PKCE = "-";

    static final String NO_LAUNCH = "No SMART launch is bound to this authorization code; launch the app again";
    static final String AMBIGUOUS = "Two launches of this app used the same PKCE code_challenge; launch the app again "
            + "with a fresh code_verifier (RFC 7636 §4.1)";
    static final String REPLACED = "This authorization code belongs to an earlier launch of the app, which a later "
            + "launch replaced; exchange the later launch's code, or launch the app again";

    private LaunchBinding() {
    }

    /**
     * The store key of a launch: per app (client UUID) and member, under the challenge in its S256 form, so that the
     * exchange finds it from the verifier.
     *
     * @param codeChallenge       the authorization request's {@code code_challenge}, or null without PKCE
     * @param codeChallengeMethod its {@code code_challenge_method} ({@code S256}, {@code plain} or null)
     */
    public static String keyAtAuthorization(String clientUuid, String userId, String codeChallenge, String codeChallengeMethod) {
        String s256;
        if (codeChallenge == null || codeChallenge.isEmpty()) {
            s256 = NO_PKCE;
        } else if ("plain".equals(codeChallengeMethod)) {
            s256 = s256(codeChallenge);
        } else {
            s256 = codeChallenge;
        }
        return key(clientUuid, userId, s256);
    }

    /** The store key of the launch a code exchange with this {@code code_verifier} (or none) belongs to. */
    public static String keyAtExchange(String clientUuid, String userId, String codeVerifier) {
        return key(clientUuid, userId, codeVerifier == null || codeVerifier.isEmpty() ? NO_PKCE : s256(codeVerifier));
    }

    private static String key(String clientUuid, String userId, String s256) {
        return "payer-auth.smart.launch:" + clientUuid + ":" + userId + ":" + s256;
    }

    /**
     * The notes to keep for a launch being authorized.
     *
     * @param launch        the launch's context
     * @param authorization the authorization that established it (root authentication session and tab)
     * @param existing      what the store already holds under the launch's key, or null
     */
    public static Map<String, String> notesToKeep(LaunchContext launch, String authorization, Map<String, String> existing) {
        if (existing != null && !existing.isEmpty() && !authorization.equals(existing.get(AUTHORIZATION_NOTE))
                && (existing.containsKey(AMBIGUOUS_NOTE) || !launch.sameAs(LaunchContext.fromNotes(existing)))) {
            return Map.of(AMBIGUOUS_NOTE, "true", AUTHORIZATION_NOTE, authorization);
        }
        Map<String, String> notes = launch.toNotes();
        notes.put(AUTHORIZATION_NOTE, authorization);
        return notes;
    }

    /** The outcome of a code exchange: the launch the code belongs to, or why the code yields no token. */
    public sealed interface Verdict permits Bound, Refused {
    }

    /** The code belongs to this launch. */
    public record Bound(LaunchContext launch) implements Verdict {
    }

    /** The code yields no token: {@code invalid_grant} with this description. */
    public record Refused(String description) implements Verdict {
    }

    /**
     * @param kept              what the store held under the exchange's key (taken out of it), or null
     * @param clientSession     the context the app's client session holds now (the latest launch authorized)
     * @param needsPatient      whether the code's scopes need a patient context
     */
    public static Verdict atCodeExchange(Map<String, String> kept, LaunchContext clientSession, boolean needsPatient) {
        if (kept == null || kept.isEmpty()) {
            return new Refused(NO_LAUNCH);
        }
        if (kept.containsKey(AMBIGUOUS_NOTE)) {
            return new Refused(AMBIGUOUS);
        }
        LaunchContext launch = LaunchContext.fromNotes(kept);
        boolean patientReplaced = needsPatient && !Objects.equals(launch.patient(), clientSession.patient());
        boolean audReplaced = launch.aud() != null && !launch.aud().equals(clientSession.aud());
        if (patientReplaced || audReplaced) {
            return new Refused(REPLACED);
        }
        return new Bound(launch);
    }

    /** The context of a refresh: refused when the refresh token names another patient or {@code aud} than the session. */
    public static Optional<String> refreshRefusal(String tokenPatient, String tokenAud, LaunchContext clientSession) {
        if (tokenPatient != null && !tokenPatient.equals(clientSession.patient())
                || tokenAud != null && !tokenAud.equals(clientSession.aud())) {
            return Optional.of("This refresh token belongs to an earlier launch of the app for another patient or "
                    + "FHIR server; launch the app again");
        }
        return Optional.empty();
    }

    /** RFC 7636 §4.2 S256: BASE64URL(SHA256(ASCII(value))). */
    static String s256(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
