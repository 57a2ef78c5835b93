package dev.telltale.backend.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.backend.ServerConfig;
import dev.telltale.backend.TelltaleServer;
import dev.telltale.backend.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingestion skips the generic contract validator for speed and checks the same schema by hand.
 * This keeps the two honest: the same bodies go to a server that validates ingestion from
 * openapi.yaml and to one that checks by hand, and both must give the same verdict and field.
 */
class IngestValidationAgreementTest {

    @TempDir
    static Path dir;

    static TelltaleServer byContract;
    static TelltaleServer byHand;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        byContract = TelltaleServer.start(new ServerConfig("127.0.0.1", 0, dir.resolve("a"), TestServer.TOKEN, false));
        byHand = TelltaleServer.start(new ServerConfig("127.0.0.1", 0, dir.resolve("b"), TestServer.TOKEN, true));
        for (TelltaleServer s : List.of(byContract, byHand)) {
            s.tracking().runs().create(new dev.telltale.backend.store.NewRun("r", "m", null, null, null, null, List.of(), null));
        }
    }

    @AfterAll
    static void stop() {
        byContract.close();
        byHand.close();
    }

    private static HttpResponse<String> post(TelltaleServer s, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .header("Authorization", "Bearer " + TestServer.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void agree(String path, String contentType, String body) throws Exception {
        HttpResponse<String> a = post(byContract, path, contentType, body);
        HttpResponse<String> b = post(byHand, path, contentType, body);
        assertEquals(a.statusCode(), b.statusCode(), "verdicts differ for " + body + "\ncontract: " + a.body() + "\nby hand: " + b.body());
        if (a.statusCode() == 400) {
            assertEquals(new JsonObject(a.body()).getString("field"), new JsonObject(b.body()).getString("field"),
                    "fields differ for " + body + "\ncontract: " + a.body() + "\nby hand: " + b.body());
        }
    }

    static final List<String> CORPUS = List.of(
            "{\"points\":[{\"key\":\"a\",\"step\":0,\"value\":1}]}",
            "{\"points\":[{\"key\":\"a\",\"step\":3,\"value\":-1.5e-7,\"time\":1700000000000}]}",
            "{\"points\":[{\"key\":\"a\",\"step\":3,\"value\":1,\"time\":1.5}]}",
            "{\"points\":[{\"key\":\"a\",\"step\":1.0,\"value\":1}]}",
            "{\"points\":[{\"key\":\"a\",\"step\":1.5,\"value\":1}]}",
            "{\"points\":[{\"key\":\"a\",\"step\":-1,\"value\":1}]}",
            "{\"points\":[{\"key\":\"a\",\"step\":\"1\",\"value\":1}]}",
            "{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":\"1\"}]}",
            "{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":null}]}",
            "{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":true}]}",
            "{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":1,\"time\":-1}]}",
            "{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":1,\"time\":null}]}",
            "{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":1,\"extra\":2}]}",
            "{\"points\":[{\"key\":\"\",\"step\":1,\"value\":1}]}",
            "{\"points\":[{\"key\":7,\"step\":1,\"value\":1}]}",
            "{\"points\":[{\"step\":1,\"value\":1}]}",
            "{\"points\":[{\"key\":\"a\",\"value\":1}]}",
            "{\"points\":[{\"key\":\"a\",\"step\":1}]}",
            "{\"points\":[{\"key\":\"" + "k".repeat(200) + "\",\"step\":1,\"value\":1}]}",
            "{\"points\":[{\"key\":\"" + "k".repeat(201) + "\",\"step\":1,\"value\":1}]}",
            "{\"points\":[{\"key\":\"" + "é".repeat(200) + "\",\"step\":1,\"value\":1}]}",
            "{\"points\":[{\"key\":\"a\",\"step\":9223372036854775807,\"value\":1}]}",
            "{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":1},[1]]}",
            "{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":1},null]}",
            "{\"points\":[]}",
            "{\"points\":{}}",
            "{\"points\":null}",
            "{}",
            "{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":1}],\"more\":1}",
            "[]",
            "\"points\"",
            "{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":1}",
            "{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":NaN}]}");

    @Test
    void handAndContractAgreeOnTheCorpus() throws Exception {
        for (String body : CORPUS) {
            agree("/api/runs/1/metrics", "application/json", body);
        }
    }

    @Test
    void handAndContractAgreeOnPathContentTypeAndMissingBody() throws Exception {
        String ok = CORPUS.get(0);
        for (String path : new String[] {"/api/runs/0/metrics", "/api/runs/-3/metrics", "/api/runs/x/metrics",
                "/api/runs/1.5/metrics", "/api/runs/99999/metrics"}) {
            agree(path, "application/json", ok);
        }
        agree("/api/runs/1/metrics", "text/plain", ok);
        agree("/api/runs/1/metrics", null, ok);
        agree("/api/runs/1/metrics", "application/json", "");
        agree("/api/runs/1/metrics", "application/json; charset=utf-8", ok);
    }

    @Test
    void handAndContractAgreeOnMutatedBodies() throws Exception {
        Random rnd = new Random(20261127);
        Object[] oddValues = {null, true, "s", "", -1, 0, 1.5, -0.0, 1e300, List.of(), new JsonObject()};
        String[] fields = {"key", "step", "value", "time", "other"};
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            JsonObject p = new JsonObject().put("key", "loss/d").put("step", rnd.nextInt(1000)).put("value", rnd.nextGaussian());
            if (rnd.nextBoolean()) {
                p.put("time", 1_700_000_000_000L + rnd.nextInt(1000));
            }
            int edits = 1 + rnd.nextInt(2);
            for (int e = 0; e < edits; e++) {
                String f = fields[rnd.nextInt(fields.length)];
                if (rnd.nextInt(4) == 0) {
                    p.remove(f);
                } else {
                    Object v = oddValues[rnd.nextInt(oddValues.length)];
                    p.put(f, v instanceof List<?> l ? new io.vertx.core.json.JsonArray(new ArrayList<>(l)) : v);
                }
            }
            io.vertx.core.json.JsonArray arr = new io.vertx.core.json.JsonArray()
                    .add(new JsonObject().put("key", "ok").put("step", 1).put("value", 1));
            arr.add(p);
            bodies.add(new JsonObject().put("points", arr).encode());
        }
        int accepted = 0;
        for (String body : bodies) {
            agree("/api/runs/1/metrics", "application/json", body);
            accepted += post(byHand, "/api/runs/1/metrics", "application/json", body).statusCode() == 200 ? 1 : 0;
        }
        assertTrue(accepted > 0 && accepted < bodies.size(), "the mutations hit both sides: " + accepted);
    }
}
