package dev.telltale.backend.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.backend.TestServer;
import dev.telltale.backend.TinyRuns;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A ranking study end to end in headless Chromium: a study of two real tiny runs made through the
 * API, every task ranked by keyboard on the rater's page (always preferring run A, whose pictures the
 * test knows only from the owner's API), a reload in the middle, and the owner's results table with
 * run A first.
 */
class StudyPageTest {

    @TempDir
    static Path dir;

    static TestServer s;
    static WebDriver browser;
    static final String NAME_A = "alpha-run-seven";
    static final String NAME_B = "beta-run-nine";
    static TinyRuns.TinyRun a;
    static TinyRuns.TinyRun b;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isExecutable(RunsPageTest.CHROMIUM) && Files.isExecutable(RunsPageTest.DRIVER),
                "browser tests need Debian's chromium and chromium-driver");
        s = TestServer.start(dir.resolve("data"));
        // B first, so that A coming first in the results is the raters' doing
        b = TinyRuns.plant(s, NAME_B, 2, true);
        a = TinyRuns.plant(s, NAME_A, TinyRuns.FIRST, true);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(RunsPageTest.CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-sync", "--window-size=1280,900", "--user-data-dir=" + Files.createTempDirectory(dir, "chrome"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(RunsPageTest.DRIVER.toFile()).build(), options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (s != null) {
            s.close();
        }
    }

    static void screenshot(String name) throws Exception {
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        Files.write(out.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    static void press(CharSequence key) {
        new Actions(browser).sendKeys(key).perform();
    }

    /** The rater page's pictures of the shown task, in the order shown. */
    static List<String> shownItems() {
        return browser.findElements(By.cssSelector("figure.rate-item")).stream().map(e -> e.getAttribute("data-item-id")).toList();
    }

    static int placedGroups() {
        return browser.findElements(By.cssSelector(".rate-group:not(.next)")).size();
    }

    @Test
    void aRaterRanksEveryTaskByKeyboardAndTheOwnerSeesThePreferredRunFirst() throws Exception {
        String nameA = NAME_A;
        String nameB = NAME_B;
        HttpResponse<String> r = s.post("/api/studies", new JsonObject().put("name", "best match for the caption")
                .put("runs", new JsonArray().add(new JsonObject().put("runId", b.runId())).add(new JsonObject().put("runId", a.runId())))
                .put("captions", new JsonObject().put("heldOut", 3)).put("repeats", 1));
        assertEquals(201, r.statusCode(), r.body());
        JsonObject created = new JsonObject(r.body());
        long studyId = created.getLong("id");
        JsonObject owner = new JsonObject(s.get("/api/studies/" + studyId).body());
        long armA = owner.getJsonArray("arms").stream().map(x -> (JsonObject) x)
                .filter(x -> x.getLong("runId") == a.runId()).findFirst().orElseThrow().getLong("armId");
        Map<String, Long> armOf = new HashMap<>();
        owner.getJsonArray("taskList").forEach(t -> ((JsonObject) t).getJsonArray("items")
                .forEach(i -> armOf.put(((JsonObject) i).getString("itemId"), ((JsonObject) i).getLong("armId"))));

        // the rater: no server session, only the link
        browser.manage().deleteAllCookies();
        browser.get(s.base() + created.getString("sharePath"));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("rater"))).sendKeys("tess", Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=task] img")));
        String source = browser.getPageSource();
        for (String leak : List.of(nameA, nameB, "stage1-step", "runId", "armId")) {
            assertFalse(source.contains(leak), "the rater's page shows '" + leak + "'");
        }

        int tasks = 4;
        for (int done = 0; done < tasks; done++) {
            if (done == 2) {
                // stop and come back: the name is remembered, the progress kept, the next task unranked
                browser.navigate().refresh();
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=task] img")));
                assertEquals("2", browser.findElement(By.cssSelector("[data-test=progress]")).getAttribute("aria-valuenow"));
            }
            WebElement task = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=task]")));
            String taskId = task.getAttribute("data-task-id");
            List<String> items = shownItems();
            assertEquals(2, items.size());
            int keyA = items.indexOf(items.stream().filter(i -> armOf.get(i) == armA).findFirst().orElseThrow()) + 1;
            if (done == 0) {
                // pick the other first, undo; pick A, tie, undo the tie
                press(String.valueOf(3 - keyA));
                assertEquals(2, placedGroups(), "the last picture follows by itself");
                press(Keys.BACK_SPACE);
                assertEquals(0, placedGroups());
                press(String.valueOf(keyA));
                press("t");
                assertEquals(1, browser.findElements(By.cssSelector(".rate-group.tie")).size());
                press(Keys.BACK_SPACE);
                assertEquals(0, browser.findElements(By.cssSelector(".rate-group.tie")).size());
                screenshot("study-rate");
            } else {
                press(String.valueOf(keyA));
            }
            assertEquals(2, placedGroups());
            press(Keys.ENTER);
            int now = done + 1;
            wait.until(d -> String.valueOf(now).equals(d.findElement(By.cssSelector("[data-test=progress]")).getAttribute("aria-valuenow")));
            if (now < tasks) {
                wait.until(d -> !taskId.equals(d.findElement(By.cssSelector("[data-test=task]")).getAttribute("data-task-id")));
            }
        }
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=done]")));

        JsonObject results = new JsonObject(s.get("/api/studies/" + studyId + "/results").body());
        assertEquals(3, results.getInteger("judgements"));
        assertEquals(1, results.getInteger("repeatJudgements"));
        assertTrue(results.getJsonArray("raters").getJsonObject(0).getLong("medianMs") > 0, "the time per judgement is kept");

        // the owner signs in with the server's link and opens the study's results
        browser.get(s.base() + "/studies?token=" + TestServer.TOKEN);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-study-id='" + studyId + "']")));
        browser.findElement(By.cssSelector("tr[data-study-id='" + studyId + "'] a")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table[data-test=study-results] tbody tr")));
        List<WebElement> rows = browser.findElements(By.cssSelector("table[data-test=study-results] tbody tr"));
        assertEquals(2, rows.size());
        assertEquals(String.valueOf(armA), rows.get(0).getAttribute("data-arm-id"));
        assertTrue(rows.get(0).getText().startsWith("1 " + nameA), rows.get(0).getText());
        assertTrue(rows.get(0).getText().contains("1.00"), "every ranking put A first: " + rows.get(0).getText());
        assertTrue(rows.get(1).getText().contains(nameB));
        assertTrue(browser.findElement(By.cssSelector("[data-test=csv]")).getAttribute("href")
                .endsWith("/api/studies/" + studyId + "/results?format=csv"));
        screenshot("study-results");
    }

    @Test
    void theOwnerCreatesAStudyWithTheFormAndGetsItsShareLink() throws Exception {
        browser.get(s.base() + "/studies?token=" + TestServer.TOKEN);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-test=new-study]"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("input[data-run-id='" + a.runId() + "']")));
        browser.findElement(By.id("study-name")).sendKeys("form-made study");
        browser.findElement(By.cssSelector("input[data-run-id='" + a.runId() + "']")).click();
        browser.findElement(By.cssSelector("input[data-run-id='" + b.runId() + "']")).click();
        WebElement heldOut = browser.findElement(By.cssSelector("input[type=number][max='200']"));
        heldOut.clear();
        heldOut.sendKeys("2");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement share = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=share-url]")));
        String url = share.getAttribute("value");
        assertTrue(url.matches("http://127\\.0\\.0\\.1:\\d+/rate/[A-Za-z0-9_-]{43}"), url);
        screenshot("study-created");
        JsonObject made = new JsonObject(s.get("/api/studies").body()).getJsonArray("studies").stream().map(x -> (JsonObject) x)
                .filter(x -> x.getString("name").equals("form-made study")).findFirst().orElseThrow();
        assertEquals(2, made.getInteger("tasks"));
        assertEquals(List.of(a.runId(), b.runId()), made.getJsonArray("arms").stream().map(x -> ((JsonObject) x).getLong("runId")).toList());

        browser.manage().deleteAllCookies();
        browser.get(url);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "form-made study"));
    }
}
