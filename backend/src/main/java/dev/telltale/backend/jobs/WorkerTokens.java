package dev.telltale.backend.jobs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-run tokens: a worker may write only to its own run. Kept in memory (hashes only) so that the
 * auth check never touches the database on the event loop; reloaded from the runs table on start.
 */
public final class WorkerTokens {

    private final Map<Long, String> sha256ByRun = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** A new token for the run; only its hash is kept. */
    public String issue(long runId) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = "run" + runId + "-" + HexFormat.of().formatHex(bytes);
        sha256ByRun.put(runId, sha256(token));
        return token;
    }

    public void remember(long runId, String sha256) {
        if (sha256 != null) {
            sha256ByRun.put(runId, sha256);
        }
    }

    public void forget(long runId) {
        sha256ByRun.remove(runId);
    }

    public String hashOf(long runId) {
        return sha256ByRun.get(runId);
    }

    public boolean matches(long runId, String candidate) {
        String want = sha256ByRun.get(runId);
        return want != null && MessageDigest.isEqual(want.getBytes(StandardCharsets.US_ASCII),
                sha256(candidate).getBytes(StandardCharsets.US_ASCII));
    }

    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
