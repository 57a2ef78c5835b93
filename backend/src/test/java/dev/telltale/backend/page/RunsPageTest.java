package dev.telltale.backend.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.backend.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The first page in a real headless Chromium against the real server. */
class RunsPageTest {

    static final Path CHROMIUM = Path.of(System.getProperty("telltale.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("telltale.chromedriver", "/usr/bin/chromedriver"));

    @TempDir
    static Path dir;

    static TestServer s;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run does)");
        s = TestServer.start(dir.resolve("data"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-sync", "--window-size=1280,800", "--user-data-dir=" + Files.createTempDirectory(dir, "chrome"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
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

    private static void screenshot(String name) throws Exception {
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        Files.write(out.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void withoutTheTokenThePageSaysHowToSignIn() throws Exception {
        browser.manage().deleteAllCookies();
        browser.get(s.base() + "/");
        WebElement alert = new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=alert]")));
        assertTrue(alert.getText().contains("?token="), alert.getText());
    }

    @Test
    void theTokenLinkSignsInAndTheTableListsRunsLive() throws Exception {
        s.post("/api/runs", new JsonObject().put("name", "shapes baseline").put("model", "stackgan-stage1")
                .put("dataset", "shapes").put("tags", new io.vertx.core.json.JsonArray().add("cpu")).put("external", true));
        browser.get(s.server.url().replace("http://127.0.0.1:" + s.server.port(), s.base()));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-run-id]")));
        assertTrue(!browser.getCurrentUrl().contains("token="), "the token leaves the address bar");
        List<WebElement> rows = browser.findElements(By.cssSelector("tr[data-run-id]"));
        assertEquals(1, rows.size());
        assertTrue(rows.get(0).getText().contains("shapes baseline"));
        assertTrue(rows.get(0).getText().contains("QUEUED"));

        // a run created while the page is open appears without a reload (all-runs event stream)
        s.post("/api/runs", new JsonObject().put("name", "digits try").put("model", "stackgan-stage1").put("dataset", "digits").put("external", true));
        wait.until(d -> d.findElements(By.cssSelector("tr[data-run-id]")).size() == 2);
        assertTrue(browser.findElement(By.cssSelector("table.runs")).getText().contains("digits try"));
        screenshot("runs");
    }
}
