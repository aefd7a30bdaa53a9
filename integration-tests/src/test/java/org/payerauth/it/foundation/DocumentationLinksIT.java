package org.payerauth.it.foundation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The documentation holds together: every relative Markdown link in README.md and {@code docs/*.md} names a file that
 * exists, and every {@code #anchor} (in the same file or in {@code path#anchor}) names a heading of the target file
 * under GitHub's anchor rules. README.md stays one screen and carries no stale status line. Needs no Keycloak.
 */
class DocumentationLinksIT {

    /** {@code [text](target)} or {@code [text](target "title")}; the text may hold one level of brackets. */
    private static final Pattern LINK = Pattern.compile("\\[((?:[^\\[\\]]|\\[[^\\[\\]]*\\])*)\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");
    private static final Pattern INLINE_CODE = Pattern.compile("(`+)(.+?)\\1");
    private static final int README_MAX_LINES = 250;

    private static final Path ROOT = repositoryRoot();

    @Test
    void everyRelativeLinkAndAnchorResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchorsByFile = new HashMap<>();
        for (Path doc : documents()) {
            List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
            boolean inFence = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (FENCE.matcher(line).find()) {
                    inFence = !inFence;
                    continue;
                }
                if (inFence) {
                    continue;
                }
                Matcher m = LINK.matcher(withoutCodeSpansOutsideLinkText(line));
                while (m.find()) {
                    String where = ROOT.relativize(doc) + ":" + (i + 1) + ": [" + m.group(1) + "](" + m.group(2) + ") ";
                    check(doc, m.group(2), anchorsByFile).ifPresent(problem -> broken.add(where + problem));
                }
            }
        }
        assertTrue(broken.isEmpty(), broken.size() + " broken documentation link(s):\n" + String.join("\n", broken));
    }

    @Test
    void theReadmeIsOneScreenWithoutStaleStatusLines() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        assertTrue(lines.size() < README_MAX_LINES,
                "README.md has " + lines.size() + " lines; keep it under " + README_MAX_LINES + " and move detail into docs/");
        List<String> stale = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).toLowerCase(Locale.ROOT).contains("not built yet")) {
                stale.add("README.md:" + (i + 1) + ": " + lines.get(i));
            }
        }
        assertTrue(stale.isEmpty(), "README.md has stale status lines:\n" + String.join("\n", stale));
    }

    @Test
    void headingsBecomeGitHubAnchors() {
        // lowercase, spaces to '-', punctuation other than '-' and '_' dropped, duplicates numbered
        assertEquals(Set.of("try-the-demo", "upgrading-from-010", "realm-settings--smart--udap",
                        "udapmode-and-client_credentials", "try-the-demo-1"),
                slugs(List.of("## Try the demo", "### Upgrading from 0.1.0", "## Realm settings → SMART / UDAP",
                        "### `udap.mode` and client_credentials", "```", "## not a heading in a fence", "```",
                        "## Try the demo")));
    }

    /** Empty when the link resolves; otherwise what is wrong with it. */
    private static Optional<String> check(Path doc, String target, Map<Path, Set<String>> anchorsByFile) throws IOException {
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http:") || lower.startsWith("https:") || lower.startsWith("mailto:")) {
            return Optional.empty();
        }
        int hash = target.indexOf('#');
        String pathPart = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8);
        Path file = doc;
        if (!pathPart.isEmpty()) {
            file = doc.getParent().resolve(URLDecoder.decode(pathPart, StandardCharsets.UTF_8)).normalize();
            if (!file.startsWith(ROOT)) {
                return Optional.of("points outside the repository");
            }
            if (!Files.exists(file)) {
                return Optional.of("names a file that does not exist (" + ROOT.relativize(file) + ")");
            }
        }
        if (anchor == null) {
            return Optional.empty();
        }
        if (!file.getFileName().toString().endsWith(".md") || Files.isDirectory(file)) {
            return Optional.of("has an anchor on a file that is not Markdown");
        }
        Set<String> anchors = anchorsByFile.get(file);
        if (anchors == null) {
            anchors = anchors(file);
            anchorsByFile.put(file, anchors);
        }
        return anchors.contains(anchor) ? Optional.empty()
                : Optional.of("names no heading of " + ROOT.relativize(file) + " (#" + anchor + ")");
    }

    private static Set<String> anchors(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Set<String> result = slugs(lines);
        for (String line : lines) {
            Matcher m = HTML_ANCHOR.matcher(line);
            while (m.find()) {
                result.add(m.group(1));
            }
        }
        return result;
    }

    /** The anchors GitHub gives the ATX headings of these lines (headings inside code fences are not headings). */
    static Set<String> slugs(List<String> lines) {
        Set<String> result = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inFence = false;
        for (String line : lines) {
            if (FENCE.matcher(line).find()) {
                inFence = !inFence;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (inFence || !m.matches()) {
                continue;
            }
            String slug = slug(m.group(2));
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            result.add(n == 0 ? slug : slug + "-" + n);
        }
        return result;
    }

    /** GitHub's rule: the heading's text, lowercased, punctuation other than '-' and '_' dropped, spaces to '-'. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1") // a link in a heading: its text
                .replaceAll("<[^>]+>", "")                                  // inline HTML tags
                .toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == ' ') {
                slug.append('-');
            } else if (c == '-' || c == '_' || Character.isLetterOrDigit(c)) {
                slug.appendCodePoint(c);
            }
        });
        return slug.toString();
    }

    /** Code spans may hold text that looks like a link; blank them, but keep those inside a link's text. */
    private static String withoutCodeSpansOutsideLinkText(String line) {
        StringBuilder out = new StringBuilder();
        Matcher m = INLINE_CODE.matcher(line);
        int last = 0;
        while (m.find()) {
            out.append(line, last, m.start());
            boolean inLinkText = line.lastIndexOf('[', m.start()) > line.lastIndexOf(']', m.start())
                    && line.indexOf("](", m.end()) >= 0;
            out.append(inLinkText ? m.group() : "`" + "x".repeat(Math.max(0, m.group().length() - 2)) + "`");
            last = m.end();
        }
        out.append(line.substring(last));
        return out.toString();
    }

    private static List<Path> documents() throws IOException {
        List<Path> result = new ArrayList<>();
        result.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(result::add);
        }
        return result;
    }

    /** The repository root: the nearest directory upwards from the working directory with README.md and docs/. */
    private static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("README.md")) && Files.isDirectory(candidate.resolve("docs"))
                    && Files.isRegularFile(candidate.resolve("pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root (README.md, docs/, pom.xml) above " + dir);
    }
}
