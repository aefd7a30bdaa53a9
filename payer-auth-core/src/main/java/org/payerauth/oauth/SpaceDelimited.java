package org.payerauth.oauth;

import java.util.ArrayList;
import java.util.List;

/**
 * A space-delimited list as OAuth writes them ({@code scope}, RFC 6749 §3.3), and the whitespace-separated lists of
 * the realm settings: the non-empty words of the {@linkplain String#trim() trimmed} value between runs of whitespace
 * ({@code [ \t\n\x0B\f\r]}, what {@code \s} matches). Read on every authorization and token request, so without
 * a regular expression ({@code String.split("\\s+")} compiles one per call).
 */
public final class SpaceDelimited {

    private SpaceDelimited() {
    }

    /** The words of {@code value}, in order (duplicates kept); none for null or blank. */
    public static List<String> words(String value) {
        List<String> words = new ArrayList<>();
        if (value == null) {
            return words;
        }
        value = value.trim();
        int length = value.length();
        int start = -1;
        for (int i = 0; i < length; i++) {
            if (isSeparator(value.charAt(i))) {
                if (start >= 0) {
                    words.add(value.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        if (start >= 0) {
            words.add(value.substring(start));
        }
        return words;
    }

    /** Whether {@code word} is one of the words of {@code value}. */
    public static boolean contains(String value, String word) {
        return value != null && word != null && !word.isEmpty() && words(value).contains(word);
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }
}
