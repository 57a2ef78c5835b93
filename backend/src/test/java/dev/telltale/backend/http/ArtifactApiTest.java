package dev.telltale.backend.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.backend.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactApiTest {

    @TempDir
    Path dir;

    TestServer s;
    long run;
    byte[] bytes;

    @BeforeEach
    void start() throws Exception {
        s = TestServer.start(dir.resolve("data"));
        run = s.createRun("artifacts");
        bytes = new byte[100_000];
        new Random(1).nextBytes(bytes);
        Path samples = dir.resolve("data/runs/" + run + "/checkpoints");
        Files.createDirectories(samples);
        Files.write(samples.resolve("step-100.params"), bytes);
        Files.writeString(dir.resolve("secret.txt"), "outside the data folder");
        // what a traversal would be after: a secret inside the data folder but outside any run
        Files.writeString(dir.resolve("data/token"), TestServer.TOKEN);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    private JsonObject register(String path) throws Exception {
        HttpResponse<String> r = s.post("/api/runs/" + run + "/artifacts",
                new JsonObject().put("kind", "checkpoint").put("path", path).put("step", 100));
        assertEquals(201, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    private HttpResponse<byte[]> download(long id, String... headers) throws Exception {
        HttpRequest.Builder b = s.request("/api/artifacts/" + id + "/content?download=true");
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return s.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void downloadGivesTheSameBytesWithTheRightHeaders() throws Exception {
        JsonObject a = register("checkpoints/step-100.params");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertEquals(sha, a.getString("sha256"));
        assertEquals(bytes.length, a.getLong("bytes"));
        HttpResponse<byte[]> r = download(a.getLong("id"));
        assertEquals(200, r.statusCode());
        assertArrayEquals(bytes, r.body());
        assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("\"" + sha + "\"", r.headers().firstValue("ETag").orElseThrow());
        assertTrue(r.headers().firstValue("Content-Disposition").orElseThrow().startsWith("attachment; filename=\"step-100.params\""));
        assertEquals(304, download(a.getLong("id"), "If-None-Match", "\"" + sha + "\"").statusCode());

        JsonObject listed = new JsonObject(s.get("/api/runs/" + run + "/artifacts?kind=checkpoint").body());
        assertEquals(a.getLong("id"), listed.getJsonArray("artifacts").getJsonObject(0).getLong("id"));
        assertEquals("checkpoints/step-100.params", listed.getJsonArray("artifacts").getJsonObject(0).getString("path"));
    }

    @Test
    void aFileThatGrewSinceItWasRegisteredIsNeverAnsweredFromAnOldCopy() throws Exception {
        Path log = s.server.tracking().folder().runDir(run).resolve("grows.log");
        Files.writeString(log, "attempt 1\n");
        HttpResponse<String> reg = s.post("/api/runs/" + run + "/artifacts", new JsonObject().put("kind", "log").put("path", "grows.log"));
        assertEquals(201, reg.statusCode(), reg.body());
        long id = new JsonObject(reg.body()).getLong("id");
        String etag = download(id).headers().firstValue("ETag").orElseThrow();
        // a resumed attempt appends to the same log
        Files.writeString(log, "attempt 2\n", java.nio.file.StandardOpenOption.APPEND);
        HttpResponse<byte[]> again = download(id, "If-None-Match", etag);
        assertEquals(200, again.statusCode(), "not 304: the client's copy is the old log");
        assertEquals("attempt 1\nattempt 2\n", new String(again.body(), java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(again.headers().firstValue("ETag").isEmpty(), "no validator for bytes the hash does not name");
        HttpResponse<byte[]> range = download(id, "Range", "bytes=10-", "If-Range", etag);
        assertEquals(200, range.statusCode(), "the whole file, not the new bytes spliced onto the old copy");
        assertEquals(20, range.body().length);
    }

    @Test
    void aFileGoneSinceItWasRegisteredIsA404() throws Exception {
        Path gone = s.server.tracking().folder().runDir(run).resolve("checkpoints/gone.params");
        Files.write(gone, new byte[] {1, 2, 3});
        long id = register("checkpoints/gone.params").getLong("id");
        Files.delete(gone);
        HttpResponse<byte[]> r = download(id);
        assertEquals(404, r.statusCode());
        assertTrue(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).contains("artifactId"));
    }

    @Test
    void rangesWork() throws Exception {
        long id = register("checkpoints/step-100.params").getLong("id");
        HttpResponse<byte[]> mid = download(id, "Range", "bytes=1000-1999");
        assertEquals(206, mid.statusCode());
        assertEquals("bytes 1000-1999/100000", mid.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(bytes, 1000, 2000), mid.body());
        HttpResponse<byte[]> open = download(id, "Range", "bytes=99990-");
        assertArrayEquals(Arrays.copyOfRange(bytes, 99_990, 100_000), open.body());
        HttpResponse<byte[]> suffix = download(id, "Range", "bytes=-5");
        assertEquals(206, suffix.statusCode());
        assertArrayEquals(Arrays.copyOfRange(bytes, 99_995, 100_000), suffix.body());
        HttpResponse<byte[]> beyond = download(id, "Range", "bytes=100000-");
        assertEquals(416, beyond.statusCode());
        assertEquals("bytes */100000", beyond.headers().firstValue("Content-Range").orElseThrow());
        // a stale If-Range means the client's copy changed: the whole file comes back
        HttpResponse<byte[]> stale = download(id, "Range", "bytes=0-9", "If-Range", "\"old\"");
        assertEquals(200, stale.statusCode());
        assertEquals(bytes.length, stale.body().length);
    }

    @Test
    void nothingOutsideTheRunFolderCanBeRegisteredOrServed() throws Exception {
        Path runDir = dir.resolve("data/runs/" + run);
        Files.createSymbolicLink(runDir.resolve("link-out"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(runDir.resolve("dir-out"), dir);
        for (String bad : new String[] {
                "../../token", "../../../secret.txt", "/etc/passwd", "checkpoints/../../../secret.txt",
                "link-out", "dir-out/secret.txt", "checkpoints", "missing.bin", "a\\..\\b", ""}) {
            HttpResponse<String> r = s.post("/api/runs/" + run + "/artifacts",
                    new JsonObject().put("kind", "other").put("path", bad));
            assertEquals(400, r.statusCode(), bad + " -> " + r.body());
            assertEquals("path", new JsonObject(r.body()).getString("field"), bad);
        }
        assertEquals(0, new JsonObject(s.get("/api/runs/" + run + "/artifacts").body()).getJsonArray("artifacts").size());

        // a file registered honestly and then swapped for a link that leads out is not served
        Files.writeString(runDir.resolve("later.txt"), "fine");
        long id = register("later.txt").getLong("id");
        Files.delete(runDir.resolve("later.txt"));
        Files.createSymbolicLink(runDir.resolve("later.txt"), dir.resolve("secret.txt"));
        HttpResponse<byte[]> r = download(id);
        assertEquals(404, r.statusCode());
        assertFalse(new String(r.body()).contains("outside the data folder"));
    }

    @Test
    void traversalInTheUrlNeverReachesAFile() throws Exception {
        for (String path : new String[] {
                "/api/artifacts/..%2f..%2ftoken/content", "/api/artifacts/1/../../../token",
                "/api/artifacts/%2e%2e/content", "/webjars/../../token", "/ui/..%2f..%2ftoken", "/ui/../token"}) {
            HttpResponse<String> r = s.http.send(
                    HttpRequest.newBuilder(URI.create(s.base() + path)).header("Authorization", "Bearer " + TestServer.TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(r.statusCode() == 400 || r.statusCode() == 404, path + " -> " + r.statusCode());
            assertFalse(r.body().contains(TestServer.TOKEN), path);
        }
    }
}
