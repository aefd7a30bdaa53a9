package org.payerauth.udap.devpki;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.clientauth.ClientAssertionBuilder;
import org.payerauth.udap.registration.SoftwareStatementBuilder;
import org.payerauth.udap.devca.IntermediateSpec;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;
import org.payerauth.udap.pki.Pem;

/**
 * Command-line front end of the dev PKI: {@code community}, {@code client} and {@code statement}. Exit code 0 on
 * success, 1 on failure, 2 on bad usage.
 */
public final class DevPkiCli {

    static final String USAGE = String.join("\n",
            "Usage: java -jar udap-dev-pki.jar <command> [options]",
            "",
            "UDAP development PKI: test certificates and software statements. Never use in production.",
            "",
            "Commands:",
            "  community --out DIR --name NAME --server-san URI [--community-uri URI] [--force]",
            "      Create a root CA, an intermediate CA (SAN = community URI, if given) and a server",
            "      certificate (SAN URI = the server's FHIR base URL) issued by the intermediate.",
            "      Writes root.pem, root.key, intermediate.pem, intermediate.key,",
            "      server.pem (server + intermediate) and server.key into DIR.",
            "",
            "  client --ca DIR --out DIR2 --san URI [--san URI ...] [--ec] [--name NAME] [--force]",
            "      Issue a client certificate (RSA 2048, or EC P-256 with --ec) from DIR's intermediate CA.",
            "      Writes client.pem (client + intermediate) and client.key into DIR2.",
            "",
            "  statement --client DIR2 --aud REGISTRATION_URL --iss URI",
            "            [--grant authorization_code|client_credentials] [--redirect-uri URI ...]",
            "            [--scope \"...\"] [--client-name NAME] [--contact mailto:... ...] [--logo-uri URI]",
            "            [--auth-method private_key_jwt|client_secret_basic] [--cancel] [--certification FILE ...]",
            "      Sign a software statement with DIR2's client.key and client.pem chain (x5c) and print",
            "      the registration request JSON body to stdout. --cancel sends grant_types [].",
            "      --certification adds a certification JWT (a file written by the certification command).",
            "",
            "  certification --certifier DIR3 --sub APP_URI --certification-uri URI --name NAME",
            "            [--privacy-policy URL] [--disclosure KEY=VALUE ...] [--grant authorization_code|client_credentials]",
            "            [--aud REGISTRATION_URL] [--days N]",
            "      Sign a UDAP certification (IG STU2 7.4) of APP_URI with DIR3's client.key/client.pem (a certifier",
            "      certificate: iss = its first SAN URI) and print it. --privacy-policy adds the privacy",
            "      attestation example_privacy_disclosures (privacy_policy plus each --disclosure, true/false as",
            "      booleans). Valid for --days (default 365).",
            "",
            "  assertion --client DIR2 --client-id ID --aud TOKEN_URL [--organization-id URI]",
            "            [--purpose-of-use CODE ...]",
            "      Sign a UDAP client assertion (iss = sub = ID, aud = TOKEN_URL, 5 minutes, fresh jti) with",
            "      DIR2's key and chain and print it. --organization-id adds the hl7-b2b extension",
            "      (purpose_of_use defaults to SYSDEV) for client_credentials.",
            "",
            "  component --ca DIR --community-uri URI [--identity DIR2] [--default] [--soft-fail]",
            "            [--trusted-for-identity-providers] [--not-for-client-apps]",
            "            [--certification-uri URI [--certification-name NAME] [--certification-required]",
            "             [--certification-privacy]]",
            "      Print the JSON of a Keycloak trust-community component for DIR (root.pem as trust anchor,",
            "      server.pem/server.key as the server's signing identity, or DIR2's client.pem/client.key), to",
            "      POST to /admin/realms/{realm}/components. --trusted-for-identity-providers lets members sign in",
            "      at identity providers of the community (UDAP Tiered OAuth). --certification-uri: a certification",
            "      the community defines, signed by certifiers chaining to the same root.",
            "",
            "Existing files are never overwritten without --force. Private keys are unencrypted PKCS#8 (mode 600).",
            "Exit codes: 0 ok, 1 failure, 2 bad usage.",
            "");

    private DevPkiCli() {
    }

    public static void main(String[] args) {
        int rc = run(args, System.out, System.err);
        System.out.flush();
        if (rc != 0) {
            System.exit(rc);
        }
    }

    /** Runs one command; returns the exit code instead of exiting. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        String command = args[0];
        List<String> rest = List.of(args).subList(1, args.length);
        if (isHelp(command) || rest.stream().anyMatch(DevPkiCli::isHelp)) {
            out.print(USAGE);
            return 0;
        }
        try {
            switch (command) {
                case "community" -> community(rest, out);
                case "client" -> client(rest, out);
                case "statement" -> statement(rest, out, err);
                case "component" -> component(rest, out);
                case "assertion" -> assertion(rest, out);
                case "certification" -> certification(rest, out);
                default -> throw new UsageException("unknown command: " + command);
            }
            return 0;
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println();
            err.print(USAGE);
            return 2;
        } catch (UncheckedIOException e) {
            err.println("error: " + e.getCause());
            return 1;
        } catch (RuntimeException e) {
            err.println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        }
    }

    private static boolean isHelp(String arg) {
        return "--help".equals(arg) || "-h".equals(arg) || "help".equals(arg);
    }

    // ------------------------------------------------------------------ commands

    private static void community(List<String> args, PrintStream out) {
        Options o = Options.parse(args, Set.of("--out", "--name", "--server-san", "--community-uri"), Set.of(),
                Set.of("--force"));
        Path dir = Path.of(o.required("--out"));
        String name = o.required("--name");
        String serverSan = o.required("--server-san");
        String communityUri = o.single("--community-uri");

        Map<String, Path> files = files(dir, "root.pem", "root.key", "intermediate.pem", "intermediate.key",
                "server.pem", "server.key");
        refuseOverwrite(files.values(), o.flag("--force"));

        CertificateAuthority root = CertificateAuthority.newRoot(name + " Root CA", KeyAlgorithm.RSA_2048);
        IntermediateSpec spec = IntermediateSpec.defaults().withSanUri(communityUri);
        CertificateAuthority intermediate = root.newIntermediate(name + " Intermediate CA", KeyAlgorithm.RSA_2048,
                spec);
        IssuedCertificate server = intermediate.issue(LeafSpec.builder(name + " Server").sanUri(serverSan).build());

        Pem.writeCertificate(files.get("root.pem"), root.certificate());
        Pem.writePrivateKey(files.get("root.key"), root.privateKey());
        Pem.writeCertificate(files.get("intermediate.pem"), intermediate.certificate());
        Pem.writePrivateKey(files.get("intermediate.key"), intermediate.privateKey());
        Pem.writeCertificates(files.get("server.pem"), server.chain());
        Pem.writePrivateKey(files.get("server.key"), server.privateKey());
        files.values().forEach(f -> out.println("wrote " + f));
    }

    private static void assertion(List<String> args, PrintStream out) {
        Options o = Options.parse(args, Set.of("--client", "--client-id", "--aud", "--organization-id"),
                Set.of("--purpose-of-use"), Set.of());
        Path dir = Path.of(o.required("--client"));
        String clientId = o.required("--client-id");
        List<X509Certificate> chain = Pem.readCertificates(dir.resolve("client.pem"));
        PrivateKey key = Pem.readPrivateKey(dir.resolve("client.key"));
        ClientAssertionBuilder assertion = ClientAssertionBuilder.of(clientId, o.required("--aud"));
        String organization = o.single("--organization-id");
        if (organization != null) {
            List<String> purposes = o.multi("--purpose-of-use").isEmpty() ? List.of("SYSDEV") : o.multi("--purpose-of-use");
            assertion.hl7B2b(ClientAssertionBuilder.hl7B2b(organization, purposes));
        }
        out.println(assertion.sign(key, chain));
    }

    private static void component(List<String> args, PrintStream out) {
        Options o = Options.parse(args, Set.of("--ca", "--community-uri", "--identity", "--certification-uri",
                        "--certification-name"), Set.of(),
                Set.of("--default", "--soft-fail", "--trusted-for-identity-providers", "--not-for-client-apps",
                        "--certification-required", "--certification-privacy"));
        Path dir = Path.of(o.required("--ca"));
        String communityUri = o.required("--community-uri");
        String identityDir = o.single("--identity");
        Path chainFile = identityDir == null ? dir.resolve("server.pem") : Path.of(identityDir).resolve("client.pem");
        Path keyFile = identityDir == null ? dir.resolve("server.key") : Path.of(identityDir).resolve("client.key");
        List<String> anchors = Pem.readCertificates(dir.resolve("root.pem")).stream().map(Pem::certificate).toList();
        List<String> chain = Pem.readCertificates(chainFile).stream().map(Pem::certificate).toList();
        String key = Pem.privateKey(Pem.readPrivateKey(keyFile));
        Map<String, Object> config = new java.util.LinkedHashMap<>();
        config.put("communityUri", List.of(communityUri));
        config.put("default", List.of(String.valueOf(o.flag("--default"))));
        config.put("trustAnchors", anchors);
        config.put("revocationSource", List.of("distribution-points"));
        config.put("revocationSoftFail", List.of(String.valueOf(o.flag("--soft-fail"))));
        config.put("signingCertificateChain", chain);
        config.put("signingKey", List.of(key));
        config.put("trustedForClientApps", List.of(String.valueOf(!o.flag("--not-for-client-apps"))));
        config.put("trustedForIdentityProviders", List.of(String.valueOf(o.flag("--trusted-for-identity-providers"))));
        if (o.single("--certification-uri") != null) {
            config.put("certificationUri", List.of(o.single("--certification-uri")));
            if (o.single("--certification-name") != null) {
                config.put("certificationName", List.of(o.single("--certification-name")));
            }
            config.put("certificationRequired", List.of(String.valueOf(o.flag("--certification-required"))));
            config.put("certificationPrivacy", List.of(String.valueOf(o.flag("--certification-privacy"))));
        }
        Map<String, Object> component = new java.util.LinkedHashMap<>();
        component.put("name", communityUri);
        component.put("providerId", "udap-trust-community");
        component.put("providerType", "org.payerauth.keycloak.udap.community.TrustCommunityProvider");
        component.put("config", config);
        out.println(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(component));
    }

    private static void client(List<String> args, PrintStream out) {
        Options o = Options.parse(args, Set.of("--ca", "--out", "--name"), Set.of("--san"), Set.of("--ec", "--force"));
        Path caDir = Path.of(o.required("--ca"));
        Path dir = Path.of(o.required("--out"));
        List<String> sans = o.multi("--san");
        if (sans.isEmpty()) {
            throw new UsageException("missing --san");
        }
        String name = o.single("--name");

        Map<String, Path> files = files(dir, "client.pem", "client.key");
        refuseOverwrite(files.values(), o.flag("--force"));

        CertificateAuthority ca = loadIntermediate(caDir);
        IssuedCertificate client = ca.issue(LeafSpec.builder(name != null ? name : "Dev Client")
                .sanUri(sans.toArray(String[]::new))
                .keyAlgorithm(o.flag("--ec") ? KeyAlgorithm.EC_P256 : KeyAlgorithm.RSA_2048)
                .build());

        Pem.writeCertificates(files.get("client.pem"), client.chain());
        Pem.writePrivateKey(files.get("client.key"), client.privateKey());
        files.values().forEach(f -> out.println("wrote " + f));
    }

    private static void statement(List<String> args, PrintStream out, PrintStream err) {
        Options o = Options.parse(args,
                Set.of("--client", "--aud", "--iss", "--grant", "--scope", "--client-name", "--logo-uri",
                        "--auth-method"),
                Set.of("--redirect-uri", "--contact", "--certification"), Set.of("--cancel"));
        Path dir = Path.of(o.required("--client"));
        String aud = o.required("--aud");
        String iss = o.required("--iss");
        String grant = o.single("--grant");
        String authMethod = o.single("--auth-method");
        if (grant != null && !grant.equals("authorization_code") && !grant.equals("client_credentials")) {
            throw new UsageException("--grant must be authorization_code or client_credentials");
        }
        if (authMethod != null && !authMethod.equals("private_key_jwt") && !authMethod.equals("client_secret_basic")) {
            throw new UsageException("--auth-method must be private_key_jwt or client_secret_basic");
        }

        List<X509Certificate> chain = Pem.readCertificates(existing(dir.resolve("client.pem")));
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no certificate in " + dir.resolve("client.pem"));
        }
        PrivateKey key = Pem.readPrivateKey(existing(dir.resolve("client.key")));
        IssuedCertificate signer = new IssuedCertificate(chain.get(0), key, chain);
        if (!sanUris(chain.get(0)).contains(iss)) {
            err.println("warning: --iss " + iss + " is not a SAN URI of " + dir.resolve("client.pem"));
        }

        SoftwareStatementBuilder statement = "client_credentials".equals(grant)
                ? SoftwareStatementBuilder.clientCredentials(iss, aud)
                : SoftwareStatementBuilder.authorizationCode(iss, aud);
        if (!o.multi("--redirect-uri").isEmpty()) {
            statement.redirectUris(o.multi("--redirect-uri"));
        }
        if (!o.multi("--contact").isEmpty()) {
            statement.contacts(o.multi("--contact"));
        }
        if (o.single("--scope") != null) {
            statement.scope(o.single("--scope"));
        }
        if (o.single("--client-name") != null) {
            statement.clientName(o.single("--client-name"));
        }
        if (o.single("--logo-uri") != null) {
            statement.logoUri(o.single("--logo-uri"));
        }
        if (authMethod != null) {
            statement.tokenEndpointAuthMethod(authMethod);
        }
        if (o.flag("--cancel")) {
            statement.grantTypes(List.of());
        }
        List<String> certifications = new ArrayList<>();
        for (String file : o.multi("--certification")) {
            try {
                certifications.add(Files.readString(existing(Path.of(file))).trim());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        out.println(SoftwareStatementBuilder.registrationRequest(statement.sign(signer.privateKey(), signer.chain()),
                certifications));
    }

    private static void certification(List<String> args, PrintStream out) {
        Options o = Options.parse(args, Set.of("--certifier", "--sub", "--certification-uri", "--name", "--privacy-policy",
                "--grant", "--aud", "--days"), Set.of("--disclosure"), Set.of());
        Path dir = Path.of(o.required("--certifier"));
        List<X509Certificate> chain = Pem.readCertificates(existing(dir.resolve("client.pem")));
        if (chain.isEmpty() || sanUris(chain.get(0)).isEmpty()) {
            throw new IllegalArgumentException("the certifier certificate " + dir.resolve("client.pem") + " has no SAN URI");
        }
        PrivateKey key = Pem.readPrivateKey(existing(dir.resolve("client.key")));
        String certifier = sanUris(chain.get(0)).get(0);
        String policy = o.single("--privacy-policy");
        Map<String, Object> disclosures = new LinkedHashMap<>();
        for (String disclosure : o.multi("--disclosure")) {
            int eq = disclosure.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--disclosure must be KEY=VALUE");
            }
            String value = disclosure.substring(eq + 1);
            disclosures.put(disclosure.substring(0, eq), value.equals("true") || value.equals("false") ? Boolean.valueOf(value) : value);
        }
        org.payerauth.udap.certification.CertificationBuilder certification = policy != null || !disclosures.isEmpty()
                ? org.payerauth.udap.certification.CertificationBuilder.privacy(certifier, o.required("--sub"),
                        o.required("--certification-uri"), o.required("--name"), policy, disclosures)
                : org.payerauth.udap.certification.CertificationBuilder.of(certifier, o.required("--sub"),
                        o.required("--certification-uri"), o.required("--name"));
        String grant = o.single("--grant");
        if ("client_credentials".equals(grant)) {
            certification.claim("grant_types", List.of("client_credentials")).claim("response_types", null);
        } else if (grant != null && !grant.equals("authorization_code")) {
            throw new UsageException("--grant must be authorization_code or client_credentials");
        }
        if (o.single("--aud") != null) {
            certification.aud(o.single("--aud"));
        }
        if (o.single("--days") != null) {
            certification.lifetime(java.time.Duration.ofDays(Long.parseLong(o.single("--days"))));
        }
        out.println(certification.sign(key, chain));
    }

    // ------------------------------------------------------------------ helpers

    private static CertificateAuthority loadIntermediate(Path caDir) {
        List<X509Certificate> certs = Pem.readCertificates(existing(caDir.resolve("intermediate.pem")));
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("no certificate in " + caDir.resolve("intermediate.pem"));
        }
        PrivateKey key = Pem.readPrivateKey(existing(caDir.resolve("intermediate.key")));
        List<X509Certificate> issuers = new ArrayList<>(certs.subList(1, certs.size()));
        Path rootPem = caDir.resolve("root.pem");
        if (Files.exists(rootPem)) {
            issuers.addAll(Pem.readCertificates(rootPem));
        }
        return CertificateAuthority.of(certs.get(0), key, issuers);
    }

    private static Path existing(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("missing file " + file);
        }
        return file;
    }

    private static Map<String, Path> files(Path dir, String... names) {
        Map<String, Path> files = new LinkedHashMap<>();
        for (String name : names) {
            files.put(name, dir.resolve(name));
        }
        return files;
    }

    private static void refuseOverwrite(Collection<Path> files, boolean force) {
        if (force) {
            return;
        }
        List<String> existing = files.stream().filter(Files::exists).map(Path::toString).toList();
        if (!existing.isEmpty()) {
            throw new IllegalStateException("refusing to overwrite " + String.join(", ", existing) + " (use --force)");
        }
    }

    private static List<String> sanUris(X509Certificate certificate) {
        List<String> uris = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(6).equals(san.get(0))) {
                        uris.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no usable SANs
        }
        return uris;
    }

    /** Bad command line: exit code 2 with usage. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** Minimal option parser: {@code --opt value}, {@code --opt=value}, repeatable options and flags. */
    private static final class Options {
        private final Map<String, List<String>> values = new LinkedHashMap<>();

        static Options parse(List<String> args, Set<String> single, Set<String> repeatable, Set<String> flags) {
            Options o = new Options();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                String name = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                if (flags.contains(name)) {
                    if (value != null) {
                        throw new UsageException(name + " takes no value");
                    }
                    o.values.put(name, List.of());
                } else if (single.contains(name) || repeatable.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException("missing value for " + name);
                        }
                        value = args.get(++i);
                    }
                    List<String> list = o.values.computeIfAbsent(name, k -> new ArrayList<>());
                    if (single.contains(name) && !list.isEmpty()) {
                        throw new UsageException(name + " given more than once");
                    }
                    list.add(value);
                } else {
                    throw new UsageException("unknown option: " + arg);
                }
            }
            return o;
        }

        String single(String name) {
            List<String> list = values.get(name);
            return list == null || list.isEmpty() ? null : list.get(0);
        }

        String required(String name) {
            String value = single(name);
            if (value == null || value.isBlank()) {
                throw new UsageException("missing " + name);
            }
            return value;
        }

        List<String> multi(String name) {
            return values.getOrDefault(name, List.of());
        }

        boolean flag(String name) {
            return values.containsKey(name);
        }
    }
}
