package dev.telltale.experiments.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** Text and file names of user-supplied datasets: UTF-8 with or without a byte-order mark, names in natural order. */
final class TextFiles {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    /** "frame2" before "frame10": runs of digits compare by value, the rest character by character. */
    static final Comparator<String> NATURAL_ORDER = TextFiles::compareNatural;

    private TextFiles() {}

    /** The lines of a UTF-8 file; bytes that are not UTF-8 become U+FFFD (Reed et al.'s caption files hold a few). */
    static List<String> linesLenient(Path file) {
        return dropByteOrderMark(new String(bytes(file), StandardCharsets.UTF_8)).lines().toList();
    }

    /**
     * The lines of a UTF-8 file.
     *
     * @throws IllegalArgumentException naming the file when it is not UTF-8 (a spreadsheet's legacy "CSV" export)
     */
    static List<String> linesStrict(Path file, String field) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes(file))).toString();
            return dropByteOrderMark(text).lines().toList();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(field + ": " + file + " is not UTF-8 text (save it as UTF-8)", e);
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String dropByteOrderMark(String text) {
        return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }

    private static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = digitsEnd(a, i);
                int ej = digitsEnd(b, j);
                String da = stripZeros(a.substring(i, ei));
                String db = stripZeros(b.substring(j, ej));
                int c = da.length() != db.length() ? Integer.compare(da.length(), db.length()) : da.compareTo(db);
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        // equal by value ("01" and "1"): fall back to plain order so the sort stays total
        return c != 0 ? c : a.compareTo(b);
    }

    private static int digitsEnd(String s, int from) {
        int k = from;
        while (k < s.length() && Character.isDigit(s.charAt(k))) {
            k++;
        }
        return k;
    }

    private static String stripZeros(String digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }
}
