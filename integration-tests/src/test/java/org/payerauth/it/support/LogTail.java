package org.payerauth.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of the server log, for a failing test's output. */
public final class LogTail {

    private LogTail() {
    }

    public static String of(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
            return "----- last " + tail.size() + " lines of " + log + " -----\n" + String.join("\n", tail)
                    + "\n----- end of server log -----";
        } catch (IOException e) {
            return "(no server log at " + log + ": " + e.getMessage() + ")";
        }
    }
}
