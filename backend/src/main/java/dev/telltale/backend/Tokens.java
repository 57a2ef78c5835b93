package dev.telltale.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The bearer token: given as a setting, or kept in the data folder's token file (made on first start). */
final class Tokens {

    private Tokens() {}

    static String loadOrCreate(Path file, String given) throws IOException {
        if (given != null) {
            return given;
        }
        if (Files.exists(file)) {
            String t = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (t.length() < 16) {
                throw new IOException("the token file " + file + " holds no usable token (delete it to make a new one)");
            }
            return t;
        }
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String t = HexFormat.of().formatHex(bytes);
        Path tmp = file.resolveSibling("token.tmp");
        Files.deleteIfExists(tmp); // a start that died before its move
        try {
            // owner-only from its creation: written first and restricted after, it was readable meanwhile
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the folder's own permissions protect it
            Files.createFile(tmp);
        }
        Files.writeString(tmp, t + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file);
        return t;
    }
}
