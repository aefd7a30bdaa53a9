package org.payerauth.keycloak.udap.community;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.payerauth.b2b.B2bApi;
import org.payerauth.b2b.B2bPolicy;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.payerauth.udap.pki.Pem;
import org.payerauth.udap.pki.TrustCommunity;

/**
 * The configuration of a trust-community component, and its conversion to a {@link TrustCommunity}. Certificates,
 * CRLs and the key are PEM texts; multi-valued properties hold one PEM object per value (each value is one row in
 * Keycloak's component store).
 */
public final class TrustCommunityConfig {

    public static final String COMMUNITY_URI = "communityUri";
    public static final String DEFAULT = "default";
    public static final String TRUST_ANCHORS = "trustAnchors";
    public static final String INTERMEDIATES = "intermediates";
    public static final String REVOCATION_SOURCE = "revocationSource";
    public static final String REVOCATION_SOFT_FAIL = "revocationSoftFail";
    public static final String CRLS = "crls";
    public static final String SIGNING_CERTIFICATE_CHAIN = "signingCertificateChain";
    public static final String SIGNING_KEY = "signingKey";
    public static final String B2B_REQUIRED = "hl7B2bRequired";
    public static final String B2B_USER_REQUIRED = "hl7B2bUserRequired";
    public static final String PURPOSES_OF_USE = "b2bPurposesOfUse";
    public static final String SUBJECT_ID_NPI = "b2bSubjectIdIsNpi";
    public static final String B2B_API = "b2bApi";
    public static final String API_NONE = "none";
    public static final String TRUSTED_FOR_CLIENTS = "trustedForClientApps";
    public static final String TRUSTED_FOR_IDENTITY_PROVIDERS = "trustedForIdentityProviders";
    public static final String TIERED_CLIENT_CERTIFICATE_CHAIN = "tieredClientCertificateChain";
    public static final String TIERED_CLIENT_KEY = "tieredClientKey";
    public static final String CERTIFICATION_URI = "certificationUri";
    public static final String CERTIFICATION_NAME = "certificationName";
    public static final String CERTIFICATION_REQUIRED = "certificationRequired";
    public static final String CERTIFICATION_PRIVACY = "certificationPrivacy";
    public static final String CERTIFIER_ANCHORS = "certifierAnchors";

    public static final String SOURCE_DISTRIBUTION_POINTS = "distribution-points";
    public static final String SOURCE_UPLOADED_CRLS = "uploaded-crls";

    static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(COMMUNITY_URI).label("Community URI").type(ProviderConfigProperty.STRING_TYPE).required(true)
            .helpText("The trust community's URI, as apps name it in ?community= (e.g. udap://payer.example/community).").add()
            .property().name(DEFAULT).label("Default community").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
            .helpText("Signs /.well-known/udap when no community is asked for. At most one community is the default.").add()
            .property().name(TRUST_ANCHORS).label("Trust anchors (PEM)").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).required(true)
            .helpText("The community's root (or pinned) CA certificates, one PEM certificate per value.").add()
            .property().name(INTERMEDIATES).label("Intermediate certificates (PEM)").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
            .helpText("Optional intermediate CA certificates used to build chains when apps do not send them in x5c.").add()
            .property().name(REVOCATION_SOURCE).label("Revocation source").type(ProviderConfigProperty.LIST_TYPE)
            .options(SOURCE_DISTRIBUTION_POINTS, SOURCE_UPLOADED_CRLS).defaultValue(SOURCE_DISTRIBUTION_POINTS)
            .helpText("distribution-points: CRLs from the validated chain's CRL distribution points, through Keycloak's CRL "
                    + "cache. uploaded-crls: only the CRLs below.").add()
            .property().name(REVOCATION_SOFT_FAIL).label("Soft-fail revocation").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
            .helpText("Accept a chain whose revocation status cannot be determined (logged as a warning). Off = fail closed.").add()
            .property().name(CRLS).label("CRLs (PEM)").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
            .helpText("Uploaded CRLs, one PEM CRL per value (used with revocation source uploaded-crls).").add()
            .property().name(SIGNING_CERTIFICATE_CHAIN).label("Server certificate chain (PEM)").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
            .helpText("This server's certificate issued by the community (SAN URI = the realm's FHIR base URL), then its "
                    + "intermediates; one PEM certificate per value. Signs signed_metadata.").add()
            .property().name(B2B_REQUIRED).label("Require hl7-b2b").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true")
            .helpText("client_credentials assertions of this community's apps must carry the hl7-b2b authorization "
                    + "extension (then listed in udap_authorization_extensions_required).").add()
            .property().name(B2B_USER_REQUIRED).label("Require hl7-b2b-user").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
            .helpText("client_credentials assertions must also carry hl7-b2b-user (the requesting user as a FHIR Person; "
                    + "then listed in udap_authorization_extensions_required).").add()
            .property().name(PURPOSES_OF_USE).label("Allowed purposes of use").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
            .helpText("The purpose_of_use values this community's apps may send, exactly as sent (e.g. "
                    + "urn:oid:2.16.840.1.113883.5.8#TREAT). Empty: any code of the HL7 PurposeOfUse value set.").add()
            .property().name(SUBJECT_ID_NPI).label("subject_id must be an NPI").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
            .helpText("When an app sends hl7-b2b.subject_id, it must be the requestor's NPI (check digit verified). An "
                    + "identifier that claims to be an NPI is always checked.").add()
            .property().name(B2B_API).label("CMS B2B API of this community's apps").type(ProviderConfigProperty.LIST_TYPE)
            .options(API_NONE, B2bApi.PROVIDER_ACCESS.setting(), B2bApi.PAYER_TO_PAYER.setting()).defaultValue(API_NONE)
            .helpText("provider-access: provider systems (member-scoped tokens unless the member opted out; a "
                    + "subject_id naming a Group is an organization-level request). payer-to-payer: other health plans "
                    + "(member-scoped tokens only for members who opted in). none: no member-scoped tokens. A client's "
                    + "own B2B organization mapper setting takes precedence.").add()
            .property().name(TRUSTED_FOR_CLIENTS).label("Trusted for client apps").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true")
            .helpText("Apps with certificates of this community may register (UDAP DCR) and authenticate.").add()
            .property().name(TRUSTED_FOR_IDENTITY_PROVIDERS).label("Trusted for identity providers").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
            .helpText("UDAP Tiered OAuth: members may sign in at identity providers whose signed metadata chains to this "
                    + "community (apps name them with idp=). Off by default.").add()
            .property().name(TIERED_CLIENT_CERTIFICATE_CHAIN).label("Tiered OAuth client certificate chain (PEM)").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
            .helpText("Optional: a separate certificate of the community (its first SAN URI is this server's client URI) "
                    + "that this server registers and authenticates with at the community's identity providers. Empty: "
                    + "the server certificate is used.").add()
            .property().name(TIERED_CLIENT_KEY).label("Tiered OAuth client private key (PEM, PKCS#8)").type(ProviderConfigProperty.PASSWORD).secret(true)
            .helpText("The RSA private key of the Tiered OAuth client certificate. Never returned by the admin API.").add()
            .property().name(CERTIFICATION_URI).label("Certification URI").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("Optional: a UDAP certification this community defines that this server understands (its "
                    + "certification_uris value, e.g. https://community.example/certifications/privacy). Registrations "
                    + "carrying it are verified and the app keeps it; advertised in udap_certifications_supported.").add()
            .property().name(CERTIFICATION_NAME).label("Certification name").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("The certification_name its JWTs must carry. Empty: not checked.").add()
            .property().name(CERTIFICATION_REQUIRED).label("Certification required").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
            .helpText("Every registration in this community must carry a valid certification (advertised in "
                    + "udap_certifications_required); without it: unapproved_software_statement.").add()
            .property().name(CERTIFICATION_PRIVACY).label("Certification is a privacy attestation").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
            .helpText("Its extensions describe the app's privacy practices (example_privacy_disclosures): members see "
                    + "them on the consent page.").add()
            .property().name(CERTIFIER_ANCHORS).label("Certifier trust anchors (PEM)").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
            .helpText("The CA certificates a certifier's certificate must chain to, one PEM certificate per value. Empty: "
                    + "the community's trust anchors. Revocation is checked as for the community.").add()
            .property().name(SIGNING_KEY).label("Server private key (PEM, PKCS#8)").type(ProviderConfigProperty.PASSWORD).secret(true)
            .helpText("The RSA private key of the server certificate. Never returned by the admin API.").add()
            .build();

    /** The properties that hold PEM objects, one or more per value. */
    static final List<String> PEM_LISTS =
            List.of(TRUST_ANCHORS, INTERMEDIATES, CRLS, SIGNING_CERTIFICATE_CHAIN, TIERED_CLIENT_CERTIFICATE_CHAIN,
                    CERTIFIER_ANCHORS);

    /** The properties that hold a private key (secrets: never returned, reads show them masked). */
    static final List<String> KEYS = List.of(SIGNING_KEY, TIERED_CLIENT_KEY);

    /**
     * The same properties as the admin console's trust-community page shows them: each PEM list and each key is one
     * file upload (a PEM file may hold several certificates or CRLs). The keys stay secret: the console, like REST,
     * only ever reads them back as {@code **********}, and a save that leaves that mask keeps the stored key.
     */
    public static final List<ProviderConfigProperty> CONSOLE_PROPERTIES = PROPERTIES.stream()
            .map(p -> PEM_LISTS.contains(p.getName()) || KEYS.contains(p.getName())
                    ? new ProviderConfigProperty(p.getName(), p.getLabel().replace("(PEM)", "(PEM file)")
                            .replace("(PEM, PKCS#8)", "(PEM file, PKCS#8)"),
                            p.getHelpText().replace("one PEM certificate per value", "one PEM file")
                                    .replace("one PEM CRL per value", "one PEM file")
                                    .replace("Never returned by the admin API.", "Never shown again: it reads back as "
                                            + "**********, and a save that leaves ********** keeps the stored key."),
                            ProviderConfigProperty.FILE_TYPE, null, p.isSecret(), p.isRequired())
                    : p)
            .toList();

    private TrustCommunityConfig() {
    }

    /**
     * The configuration with every PEM list joined into one value (the admin console's file fields hold one text);
     * a community reads the same either way.
     */
    public static org.keycloak.common.util.MultivaluedHashMap<String, String> withPemListsJoined(
            org.keycloak.common.util.MultivaluedHashMap<String, String> config) {
        org.keycloak.common.util.MultivaluedHashMap<String, String> joined = new org.keycloak.common.util.MultivaluedHashMap<>();
        config.forEach((key, values) -> {
            if (PEM_LISTS.contains(key) && values != null && values.size() > 1) {
                StringBuilder text = new StringBuilder();
                for (String value : values) {
                    if (value != null && !value.isBlank()) {
                        text.append(value.strip()).append('\n');
                    }
                }
                joined.putSingle(key, text.toString());
            } else {
                joined.put(key, values == null ? null : new ArrayList<>(values));
            }
        });
        return joined;
    }

    /**
     * A property as a refusal names it: its label, as the admin console shows it, then its key, as REST clients send
     * it (e.g. {@code Trust anchors [trustAnchors]}).
     */
    static String field(String name) {
        String label = PROPERTIES.stream().filter(p -> p.getName().equals(name)).map(ProviderConfigProperty::getLabel)
                .findFirst().orElse(name);
        return label.replaceAll(" \\(PEM[^)]*\\)$", "") + " [" + name + "]";
    }

    /** Parses and checks a component's configuration; the messages name the property at fault. */
    public static TrustCommunity toCommunity(ComponentModel model) throws ComponentValidationException {
        String uri = model.get(COMMUNITY_URI);
        if (uri == null || uri.isBlank()) {
            throw new ComponentValidationException(field(COMMUNITY_URI) + " is required");
        }
        try {
            if (!new URI(uri.trim()).isAbsolute()) {
                throw new ComponentValidationException(field(COMMUNITY_URI) + " must be an absolute URI");
            }
        } catch (java.net.URISyntaxException e) {
            throw new ComponentValidationException(field(COMMUNITY_URI) + " is not a valid URI");
        }
        List<X509Certificate> anchors = certificates(model, TRUST_ANCHORS);
        if (anchors.isEmpty()) {
            throw new ComponentValidationException(field(TRUST_ANCHORS) + ": at least one PEM certificate is required");
        }
        List<X509Certificate> intermediates = certificates(model, INTERMEDIATES);
        String source = Optional.ofNullable(model.get(REVOCATION_SOURCE)).orElse(SOURCE_DISTRIBUTION_POINTS);
        TrustCommunity.RevocationSource revocationSource = switch (source) {
            case SOURCE_DISTRIBUTION_POINTS -> TrustCommunity.RevocationSource.DISTRIBUTION_POINTS;
            case SOURCE_UPLOADED_CRLS -> TrustCommunity.RevocationSource.UPLOADED_CRLS;
            default -> throw new ComponentValidationException(field(REVOCATION_SOURCE) + " must be " + SOURCE_DISTRIBUTION_POINTS
                    + " or " + SOURCE_UPLOADED_CRLS);
        };
        List<X509CRL> crls = new ArrayList<>();
        for (String value : model.getConfig().getOrDefault(CRLS, List.of())) {
            try {
                List<X509CRL> parsed = Pem.readCrls(value);
                if (parsed.isEmpty()) {
                    throw new ComponentValidationException(field(CRLS) + ": a value is not a PEM CRL (-----BEGIN X509 CRL-----)");
                }
                crls.addAll(parsed);
            } catch (IllegalArgumentException e) {
                throw new ComponentValidationException(field(CRLS) + ": a value is not a valid CRL");
            }
        }
        Optional<TrustCommunity.ServerIdentity> identity = identity(model, SIGNING_CERTIFICATE_CHAIN, SIGNING_KEY);
        Optional<TrustCommunity.ServerIdentity> clientIdentity = identity(model, TIERED_CLIENT_CERTIFICATE_CHAIN, TIERED_CLIENT_KEY);
        if (clientIdentity.isPresent() && org.payerauth.udap.pki.Certificates.sanUris(clientIdentity.get().certificate()).isEmpty()) {
            throw new ComponentValidationException(field(TIERED_CLIENT_CERTIFICATE_CHAIN) + ": the certificate needs a subjectAltName URI "
                    + "(this server's client URI at identity providers)");
        }
        return new TrustCommunity(uri.trim(), model.get(DEFAULT, false), anchors, intermediates,
                new TrustCommunity.Revocation(revocationSource, model.get(REVOCATION_SOFT_FAIL, false)), crls, identity,
                version(model), b2bPolicy(model), trustedFor(model), clientIdentity);
    }

    /**
     * The certification the community's component defines ({@value #CERTIFICATION_URI} and the fields after it), for
     * {@code community} (the same component's community); empty when none is configured.
     *
     * @throws ComponentValidationException when a field is malformed (named)
     */
    public static List<org.payerauth.udap.certification.CertificationDefinition> certifications(ComponentModel model,
                                                                                           TrustCommunity community)
            throws ComponentValidationException {
        String uri = model.get(CERTIFICATION_URI);
        if (uri == null || uri.isBlank()) {
            if (!certificates(model, CERTIFIER_ANCHORS).isEmpty() || model.get(CERTIFICATION_REQUIRED, false)) {
                throw new ComponentValidationException(field(CERTIFICATION_URI) + " is needed for the certification settings");
            }
            return List.of();
        }
        try {
            if (!new java.net.URI(uri.trim()).isAbsolute()) {
                throw new ComponentValidationException(field(CERTIFICATION_URI) + " must be an absolute URI");
            }
        } catch (java.net.URISyntaxException e) {
            throw new ComponentValidationException(field(CERTIFICATION_URI) + " must be an absolute URI");
        }
        List<X509Certificate> anchors = certificates(model, CERTIFIER_ANCHORS);
        TrustCommunity certifiers = anchors.isEmpty() ? community
                : new TrustCommunity(uri.trim(), false, anchors, List.of(), community.revocation(), community.uploadedCrls(),
                        Optional.empty(), community.version() + ":certifiers", community.b2b(),
                        java.util.Set.of(), Optional.empty());
        String name = model.get(CERTIFICATION_NAME);
        return List.of(new org.payerauth.udap.certification.CertificationDefinition(uri.trim(),
                name == null || name.isBlank() ? null : name.trim(), certifiers, model.get(CERTIFICATION_REQUIRED, false),
                model.get(CERTIFICATION_PRIVACY, false)));
    }

    private static B2bPolicy b2bPolicy(ComponentModel model) {
        String api = model.get(B2B_API);
        java.util.Optional<B2bApi> parsed = B2bApi.fromSetting(api);
        if (api != null && !api.isBlank() && !API_NONE.equals(api.trim()) && parsed.isEmpty()) {
            throw new ComponentValidationException(field(B2B_API) + " must be " + API_NONE + ", "
                    + B2bApi.PROVIDER_ACCESS.setting() + " or " + B2bApi.PAYER_TO_PAYER.setting());
        }
        java.util.Set<String> purposes = new java.util.LinkedHashSet<>();
        for (String value : model.getConfig().getOrDefault(PURPOSES_OF_USE, List.of())) {
            if (value != null && !value.isBlank()) {
                purposes.add(value.trim());
            }
        }
        return new B2bPolicy(model.get(B2B_REQUIRED, true), model.get(B2B_USER_REQUIRED, false), purposes,
                model.get(SUBJECT_ID_NPI, false), parsed.orElse(null));
    }

    private static java.util.Set<TrustCommunity.Use> trustedFor(ComponentModel model) {
        java.util.Set<TrustCommunity.Use> uses = java.util.EnumSet.noneOf(TrustCommunity.Use.class);
        if (model.get(TRUSTED_FOR_CLIENTS, true)) {
            uses.add(TrustCommunity.Use.CLIENT_APPS);
        }
        if (model.get(TRUSTED_FOR_IDENTITY_PROVIDERS, false)) {
            uses.add(TrustCommunity.Use.IDENTITY_PROVIDERS);
        }
        return uses;
    }

    private static Optional<TrustCommunity.ServerIdentity> identity(ComponentModel model, String chainProperty,
                                                                    String keyProperty) {
        List<X509Certificate> chain = certificates(model, chainProperty);
        String keyPem = model.get(keyProperty);
        if (chain.isEmpty() && (keyPem == null || keyPem.isBlank())) {
            return Optional.empty();
        }
        if (chain.isEmpty() || keyPem == null || keyPem.isBlank()) {
            throw new ComponentValidationException(field(chainProperty) + " and " + field(keyProperty) + " go together: set both or neither");
        }
        PrivateKey key;
        try {
            key = Pem.readPrivateKey(keyPem);
        } catch (IllegalArgumentException e) {
            throw new ComponentValidationException(field(keyProperty) + " is not a PKCS#8 PEM private key");
        }
        if (!(key instanceof RSAPrivateCrtKey rsaKey)) {
            throw new ComponentValidationException(field(keyProperty) + " must be an RSA key (RS256)");
        }
        // Multi-valued component values come back from the store in no particular order: find the server
        // certificate by its key, then follow the issuers.
        X509Certificate leaf = chain.stream()
                .filter(c -> c.getPublicKey() instanceof RSAPublicKey pub && pub.getModulus().equals(rsaKey.getModulus()))
                .findFirst()
                .orElseThrow(() -> new ComponentValidationException(field(keyProperty) + " does not belong to any certificate of "
                        + field(chainProperty)));
        return Optional.of(new TrustCommunity.ServerIdentity(key, issuerOrder(leaf, chain)));
    }

    /** The leaf, then its issuer, and so on, as far as the given certificates go. */
    static List<X509Certificate> issuerOrder(X509Certificate leaf, List<X509Certificate> certificates) {
        List<X509Certificate> ordered = new ArrayList<>();
        ordered.add(leaf);
        X509Certificate current = leaf;
        while (ordered.size() < certificates.size()) {
            X509Certificate child = current;
            Optional<X509Certificate> issuer = certificates.stream()
                    .filter(c -> !ordered.contains(c) && c.getSubjectX500Principal().equals(child.getIssuerX500Principal()))
                    .findFirst();
            if (issuer.isEmpty() || current.getSubjectX500Principal().equals(current.getIssuerX500Principal())) {
                break;
            }
            ordered.add(issuer.get());
            current = issuer.get();
        }
        return ordered;
    }

    private static List<X509Certificate> certificates(ComponentModel model, String name) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (String value : model.getConfig().getOrDefault(name, List.of())) {
            if (value == null || value.isBlank()) {
                continue;
            }
            try {
                List<X509Certificate> parsed = Pem.readCertificates(value);
                if (parsed.isEmpty()) {
                    throw new ComponentValidationException(field(name) + ": a value is not a PEM certificate (-----BEGIN CERTIFICATE-----)");
                }
                certificates.addAll(parsed);
            } catch (IllegalArgumentException e) {
                throw new ComponentValidationException(field(name) + ": a value is not a valid X.509 certificate");
            }
        }
        return certificates;
    }

    /** A digest of the whole configuration: changes whenever anything in it changes. */
    static String version(ComponentModel model) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, List<String>> entry : new TreeMap<>(model.getConfig()).entrySet()) {
                digest.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
                for (String value : entry.getValue()) {
                    digest.update((byte) 0);
                    digest.update(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
                }
                digest.update((byte) 1);
            }
            return model.getId() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
