import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes {@code SHA256SUMS} into a folder: one line per regular file below it (SHA256SUMS itself excepted), sorted by
 * path, in the format {@code sha256sum -c} reads ({@code <hex>  <relative/path>}, '/' separators, LF line ends).
 * Run by the release module's build as a single-file program: {@code java Sha256Sums.java <folder>}.
 */
public final class Sha256Sums {

    static final String NAME = "SHA256SUMS";

    private Sha256Sums() {
    }

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        if (args.length != 1) {
            System.err.println("usage: java Sha256Sums.java <folder>");
            System.exit(2);
        }
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        Path sums = root.resolve(NAME);
        Files.deleteIfExists(sums);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).map(root::relativize).map(Sha256Sums::portable)
                    .sorted().map(Path::of).toList();
        }
        StringBuilder out = new StringBuilder();
        for (Path file : files) {
            out.append(sha256(root.resolve(file))).append("  ").append(portable(file)).append('\n');
        }
        Files.writeString(sums, out, StandardCharsets.UTF_8);
        System.out.printf("[release] %s: %d files%n", sums, files.size());
    }

    private static String portable(Path relative) {
        return relative.toString().replace('\\', '/');
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
