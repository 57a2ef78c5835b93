package dev.telltale.backend.study;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random names that say nothing: ids of tasks and pictures, file names, share tokens. All come from a
 * SecureRandom, so none can be guessed from another or from what it names.
 */
public final class OpaqueIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private OpaqueIds() {}

    /** 128 random bits as 32 hex digits. */
    public static String id() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A share token: 256 random bits, URL-safe (43 characters). */
    public static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A seed below 2^31 (short enough to read out and type back, like the generate endpoint's). */
    public static long seed() {
        return RANDOM.nextLong(1L << 31);
    }

    /** The hex SHA-256 of a text: how a token is stored and looked up. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
