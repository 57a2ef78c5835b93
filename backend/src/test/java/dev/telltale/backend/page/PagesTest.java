package dev.telltale.backend.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.backend.ServerConfig;
import dev.telltale.backend.TestServer;
import dev.telltale.backend.jobs.SchedulerConfig;
import dev.telltale.backend.store.ArtifactStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The pages in a real headless Chromium against the real server and real tiny training runs in
 * worker processes: one server and one browser for the class, the tests in the order a user goes
 * (a bad launch, a good one, its charts, samples and checkpoints, a comparison, generation).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PagesTest {

    @TempDir
    static Path dir;

    static TestServer s;
    static Browser b;
    /** The run launched from the form, used by the later tests. */
    static long formRun;
    // Long enough (several seconds even on a fast machine) that the run page sees points arrive
    // after its first fetch: a 60-step run could finish inside one of the worker's 2 s flushes.
    static final int STEPS = 900;
    static final int SAMPLE_EVERY = 300;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(new ServerConfig("127.0.0.1", 0, dir.resolve("data"), TestServer.TOKEN, true,
                SchedulerConfig.defaults().withWorkerHeap("1g")));
        b = new Browser(dir, 1400, 1000);
        b.signIn(s.server.url());
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (s != null) {
            s.close();
        }
    }

    static int total() throws Exception {
        return new JsonObject(s.get("/api/runs").body()).getInteger("total");
    }

    static JsonObject awaitStatus(long id, String status, int seconds) throws Exception {
        Instant deadline = Instant.now().plusSeconds(seconds);
        while (true) {
            JsonObject r = new JsonObject(s.get("/api/runs/" + id).body());
            if (r.getString("status").equals(status)) {
                return r;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("run " + id + " not " + status + " within " + seconds + " s: " + r.encode()
                        + "\nlog: " + s.get("/api/runs/" + id + "/log?lines=30").body());
            }
            Thread.sleep(200);
        }
    }

    static int points(String chart) {
        List<WebElement> found = b.findAll("figure.chart[data-chart='" + chart + "']");
        return found.isEmpty() ? -1 : Integer.parseInt(found.get(0).getAttribute("data-points"));
    }

    @Test
    @Order(1)
    void aBadLaunchValueShowsItsFieldErrorAndQueuesNothing() throws Exception {
        b.open(s.base(), "/launch?model=stackgan-stage1&dataset=shapes&preset=tiny");
        b.type("#param-zDim", "-1");
        WebElement err = b.waitVisible("[data-error-for=zDim]", 10);
        assertTrue(err.getText().contains("must be >= 1"), err.getText());
        assertEquals("true", b.find("#param-zDim").getAttribute("aria-invalid"));
        b.find("[data-test=launch]").click();
        b.waitVisible("[data-test=form-invalid]", 5);
        assertEquals(b.find("#param-zDim"), b.driver.switchTo().activeElement(), "the first bad field has the focus");
        b.type("#launch-priority", "150");
        WebElement priority = b.waitVisible("[data-error-for=priority]", 5);
        assertTrue(priority.getText().contains("-100 to 100"), priority.getText());
        b.type("#launch-priority", "0");

        // what only the server can know: there is no checkpoint 999 to fine-tune from
        b.type("#param-zDim", "8");
        b.type("#param-initFrom", "artifact:999");
        b.find("[data-test=launch]").click();
        WebElement serverErr = b.waitVisible("[data-error-for=initFrom]", 10);
        assertTrue(serverErr.getText().contains("no checkpoint artifact:999"), serverErr.getText());
        assertTrue(b.findAll("[data-error-for=zDim]").isEmpty(), "the corrected field is clean again");
        b.screenshot("launch-field-error");
        assertEquals(0, total(), "nothing was queued");

        // a few values of a number make a sweep, counted before anything is sent
        b.type("#param-klCoefficient", "1, 4");
        b.type("#param-seed", "1,2,3");
        assertTrue(b.waitVisible("[data-test=sweep-info]", 5).getText().contains("6 runs"), b.text("[data-test=sweep-info]"));
        assertEquals("Launch 6 runs", b.find("[data-test=launch]").getText());
    }

    @Test
    @Order(2)
    void aRunLaunchedFromTheFormIsInTheTableAndItsChartsGrowLive() throws Exception {
        b.open(s.base(), "/launch?model=stackgan-stage1&dataset=shapes&preset=tiny");
        b.type("[data-test=name]", "from the form");
        b.type("#param-steps", String.valueOf(STEPS));
        b.type("#param-sampleEvery", String.valueOf(SAMPLE_EVERY));
        b.type("#param-checkpointEvery", String.valueOf(STEPS / 2));
        b.type("#param-trainImages", "48");
        b.type("#param-testImages", "12");
        b.find("[data-test=evaluate]").click(); // judging off: faster
        b.find("[data-test=launch]").click();
        String url = b.waitFor(Duration.ofSeconds(10), "the run page", d -> d.getCurrentUrl().matches(".*#/runs/\\d+.*") ? d.getCurrentUrl() : null);
        Matcher m = Pattern.compile("#/runs/(\\d+)").matcher(url);
        assertTrue(m.find());
        formRun = Long.parseLong(m.group(1));
        JsonObject run = new JsonObject(s.get("/api/runs/" + formRun).body());
        assertEquals("from the form", run.getString("name"));
        assertEquals(STEPS, run.getJsonObject("params").getInteger("steps"), "the typed values were sent");
        assertEquals(8, run.getJsonObject("params").getInteger("zDim"), "the preset's values were kept");

        // the D-loss chart appears and gains points from the event stream without a reload
        int first = b.waitFor(Duration.ofSeconds(120), "the first loss points", d -> points("Discriminator loss") > 0 ? points("Discriminator loss") : null);
        int later = b.waitFor(Duration.ofSeconds(60), "more loss points", d -> points("Discriminator loss") > first ? points("Discriminator loss") : null);
        assertTrue(later > first);
        b.screenshot("run-live");

        b.open(s.base(), "/runs");
        WebElement row = b.waitVisible("tr[data-run-id='" + formRun + "']", 10);
        assertTrue(row.getText().contains("from the form"), row.getText());
        assertTrue(row.getText().contains("stackgan-stage1") && row.getText().contains("tiny"), row.getText());
        awaitStatus(formRun, "FINISHED", 300); // ~20 s idle; minutes on a loaded machine
        b.waitFor(Duration.ofSeconds(10), "FINISHED in the table, live",
                d -> b.text("tr[data-run-id='" + formRun + "'] [data-test=status]").equals("FINISHED"));
        b.waitFor(Duration.ofSeconds(10), "the latest losses in the table", d -> !b.findAll("tr[data-run-id='" + formRun + "'] [data-loss=d]").isEmpty());
        b.screenshot("runs");
    }

    @Test
    @Order(3)
    void samplesAppearAndTheStepSliderChangesThePicture() throws Exception {
        b.open(s.base(), "/runs/" + formRun + "?tab=samples");
        WebElement img = b.waitVisible("img[data-test=sample-image]", 15);
        b.waitFor(Duration.ofSeconds(10), "the image loaded", d -> (Boolean) b.js("return arguments[0].complete && arguments[0].naturalWidth > 0", img));
        String last = img.getAttribute("src");
        assertEquals("step " + STEPS, b.text("[data-test=sample-step]"), "the newest step first");
        WebElement slider = b.find("[data-test=step-slider]");
        assertEquals("2", slider.getAttribute("max"), "samples at three steps");
        slider.sendKeys(Keys.HOME);
        b.waitFor(Duration.ofSeconds(5), "the slider moved", d -> b.text("[data-test=sample-step]").equals("step " + SAMPLE_EVERY));
        String firstSrc = b.find("img[data-test=sample-image]").getAttribute("src");
        assertNotEquals(last, firstSrc, "another step, another picture");
        b.find("button.sample").click();
        WebElement zoomed = b.waitVisible("dialog.zoom[open] img", 5);
        assertEquals(firstSrc, zoomed.getAttribute("src"));
        b.screenshot("samples");
        b.find("dialog.zoom button").click();
    }

    @Test
    @Order(4)
    void aCheckpointDownloadsTheBytesOnDisk() throws Exception {
        b.open(s.base(), "/runs/" + formRun + "?tab=checkpoints");
        b.waitVisible("tr[data-checkpoint-id] a[data-test=download]", 15);
        JsonArray listed = new JsonObject(s.get("/api/runs/" + formRun + "/checkpoints").body()).getJsonArray("checkpoints");
        assertEquals(listed.size(), b.findAll("tr[data-checkpoint-id]").size(), "every checkpoint is listed: " + listed.encode());
        long newest = listed.stream().map(o -> (JsonObject) o).filter(c -> c.getString("path").endsWith(String.format("stage1-step-%07d.zip", STEPS)))
                .findFirst().orElseThrow().getLong("id");
        WebElement link = b.find("tr[data-checkpoint-id='" + newest + "'] a[data-test=download]");
        // the browser fetches the link with its own session, as a click would
        String sha = (String) b.jsAsync("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0].href).then(r => r.arrayBuffer()).then(buf => crypto.subtle.digest('SHA-256', buf))"
                + ".then(h => done([...new Uint8Array(h)].map(x => x.toString(16).padStart(2, '0')).join('')))"
                + ".catch(e => done('failed: ' + e));", link);
        Path file = dir.resolve(String.format("data/runs/%d/checkpoints/stage1-step-%07d.zip", formRun, STEPS));
        assertEquals(ArtifactStore.sha256(file), sha);
        assertTrue(link.getAttribute("href").endsWith("download=true"));
        b.screenshot("checkpoints");
    }

    @Test
    @Order(5)
    void compareShowsBothRunsCurvesAndOnlyTheParametersThatDiffer() throws Exception {
        HttpResponse<String> r = s.post("/api/runs", new JsonObject().put("name", "stronger KL").put("model", "stackgan-stage1")
                .put("dataset", "shapes").put("preset", "tiny").put("evaluate", false)
                .put("params", new JsonObject().put("steps", 20).put("klCoefficient", 4.0).put("seed", 7).put("sampleEvery", 20)
                        .put("checkpointEvery", 30).put("trainImages", 48).put("testImages", 12)));
        assertEquals(201, r.statusCode(), r.body());
        long other = new JsonObject(r.body()).getLong("id");
        awaitStatus(other, "FINISHED", 180);
        // scores as a worker's judge posts them
        assertEquals(201, s.post("/api/runs/" + formRun + "/evaluations", new JsonObject().put("step", STEPS)
                .put("metric", "inception_score").put("mean", 1.75).put("std", 0.125).put("n", 4)).statusCode());

        b.open(s.base(), "/compare?ids=" + formRun + "," + other);
        b.waitFor(Duration.ofSeconds(20), "the loss/d curves", d -> points("loss/d") > 0);
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) b.js("const el = document.querySelector(\"figure.chart[data-chart='loss/d'] .chart-canvas\");"
                + "return echarts.getInstanceByDom(el).getOption().series.map(x => x.name);");
        assertTrue(names.contains("#" + formRun + " from the form") && names.contains("#" + other + " stronger KL"), names.toString());
        assertEquals(STEPS + 20, points("loss/d"), "both runs' every step (under the server's point limit)");

        Set<String> differing = new HashSet<>();
        b.findAll("[data-test=param-diff] tr[data-param]").forEach(e -> differing.add(e.getAttribute("data-param")));
        assertTrue(differing.containsAll(Set.of("klCoefficient", "seed", "steps")), differing.toString());
        assertFalse(differing.contains("zDim") || differing.contains("batchSize") || differing.contains("model"),
                "only what differs: " + differing);
        WebElement kl = b.find("[data-test=param-diff] tr[data-param=klCoefficient]");
        assertEquals(1, kl.findElements(By.cssSelector("td.differs")).size(), "the second run's value is highlighted");
        assertTrue(kl.getText().contains("4"), kl.getText());

        String scores = b.text("[data-test=score-table] tr[data-run-id='" + formRun + "']");
        assertTrue(scores.contains("1.75 ± 0.125"), scores);
        assertEquals(2, b.findAll(".side-by-side figure img").size(), "one sample grid per run");
        b.screenshot("compare");

        // clone pre-fills the form with the run's model, preset and parameters
        b.open(s.base(), "/launch?clone=" + other);
        b.waitFor(Duration.ofSeconds(10), "the form pre-filled", d -> "stronger KL (clone)".equals(b.find("[data-test=name]").getAttribute("value")));
        assertEquals("20", b.find("#param-steps").getAttribute("value"));
        assertEquals("4", b.find("#param-klCoefficient").getAttribute("value"));
        assertEquals("7", b.find("#param-seed").getAttribute("value"));
        assertEquals("8", b.find("#param-zDim").getAttribute("value"), "the tiny preset's value");
    }

    @Test
    @Order(6)
    void generateFromACaptionShowsTheImageAndTheUnknownWords() throws Exception {
        String contract = s.get("/api/openapi.json").body();
        Assumptions.assumeTrue(new JsonObject(contract).getJsonObject("paths").containsKey("/api/generate"),
                "this server has no POST /api/generate yet");
        b.open(s.base(), "/generate?run=" + formRun);
        b.type("[data-test=caption]", "a red circle zzyzx");
        b.find("[data-test=generate]").click();
        WebElement img = b.waitVisible("[data-test=result] img", 60);
        b.waitFor(Duration.ofSeconds(10), "the image loaded", d -> (Boolean) b.js("return arguments[0].complete && arguments[0].naturalWidth > 0", img));
        assertTrue(b.text("[data-test=unknown-words]").contains("zzyzx"), b.text("[data-test=result]"));
        b.screenshot("generate");

        // a StackGAN run offers the condition noise: 0 draws from the CA mean, which the result names
        b.find("input[type=radio][value=fixed]").click();
        b.type("#gen-seed", "3");
        b.type("[data-test=gen-noise]", "7");
        b.find("[data-test=generate]").click();
        assertFalse(b.waitVisible("#err-noise", 10).getText().isBlank(), "a noise above 1 is named before anything is sent");
        b.type("[data-test=gen-noise]", "0");
        b.find("[data-test=generate]").click();
        // the server echoes the scale it drew with, so this names what the request carried
        b.waitFor(Duration.ofSeconds(60), "the picture from the mean", d -> b.text("[data-test=result]").contains("condition noise 0") ? true : null);
        assertTrue(b.text("[data-test=result]").contains("seed 3"), b.text("[data-test=result]"));
        assertTrue(b.js("return location.hash").toString().contains("noise=0"), "the link keeps the noise");

        b.type("[data-test=caption]", "zzyzx qwerty");
        b.find("[data-test=generate]").click();
        WebElement err = b.waitVisible("[data-test=caption-error]", 30);
        assertFalse(err.getText().isBlank());
    }

    @Test
    @Order(8)
    void aCloneStartsFromTheSameCheckpointAndKeepsItsJudgingChoice() throws Exception {
        // the form's run was launched with judging off and checkpoints at steps 450 and 900
        b.open(s.base(), "/launch?clone=" + formRun);
        b.waitFor(Duration.ofSeconds(10), "the pre-filled form", d -> b.find("#launch-name").getAttribute("value").contains("(clone)"));
        assertFalse(b.find("[data-test=evaluate]").isSelected(), "judging stays off in the clone");

        long older = -1;
        for (Object o : new JsonObject(s.get("/api/runs/" + formRun + "/checkpoints").body()).getJsonArray("checkpoints")) {
            JsonObject c = (JsonObject) o;
            if (c.getString("path").endsWith("stage1-step-0000450.zip")) {
                older = c.getLong("id");
            }
        }
        assertTrue(older > 0, "the form's run has its step-450 checkpoint");
        HttpResponse<String> launched = s.post("/api/runs", new JsonObject().put("name", "from step 450").put("model", "stackgan-stage1")
                .put("dataset", "shapes").put("preset", "tiny").put("evaluate", false)
                .put("params", new JsonObject().put("initFrom", "artifact:" + older).put("steps", 2).put("trainImages", 48).put("testImages", 12)));
        assertEquals(201, launched.statusCode(), launched.body());
        long fineTuned = new JsonObject(launched.body()).getLong("id");
        b.open(s.base(), "/launch?clone=" + fineTuned);
        long from = older;
        // the stored file is the step-450 checkpoint, not the run's newest (run:<id> would be step 900)
        b.waitFor(Duration.ofSeconds(10), "initFrom pre-filled with that checkpoint",
                d -> ("artifact:" + from).equals(b.find("#param-initFrom").getAttribute("value")));
        awaitStatus(fineTuned, "FINISHED", 300);
    }

    @Test
    @Order(7)
    void anUnknownRunSaysSoInsteadOfABlankPage() throws Exception {
        b.open(s.base(), "/runs/987654");
        WebElement alert = b.waitVisible("[role=alert]", 10);
        assertTrue(alert.getText().contains("987654"), alert.getText());
    }
}
