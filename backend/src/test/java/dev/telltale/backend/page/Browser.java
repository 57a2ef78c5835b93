package dev.telltale.backend.page;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium (the paths given, nothing downloaded), with the
 * waits, screenshots and console log the page tests share.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("telltale.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("telltale.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final WebDriver driver;

    Browser(Path profileParent, int width, int height) throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run does)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-sync", "--window-size=" + width + "," + height,
                "--user-data-dir=" + Files.createTempDirectory(profileParent, "chrome"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
        driver = new ChromeDriver(service, options);
    }

    /** Opens the server's sign-in link (the session cookie), then the page at {@code hash}. */
    void signIn(String signInUrl) {
        driver.get(signInUrl);
        waitFor(Duration.ofSeconds(15), "the page started", d -> !d.findElements(By.cssSelector("main")).isEmpty());
    }

    /** Opens a page afresh (the same address again would be no navigation at all). */
    void open(String base, String hash) {
        String url = base + "/#" + hash;
        boolean same = url.equals(driver.getCurrentUrl());
        driver.get(url);
        if (same) {
            driver.navigate().refresh();
        }
    }

    <T> T waitFor(Duration timeout, String what, java.util.function.Function<WebDriver, T> until) {
        try {
            return new WebDriverWait(driver, timeout).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(until::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("waited " + timeout.toSeconds() + " s for: " + what + "\nbrowser console:\n" + console()
                    + "\npage text:\n" + text("body"), e);
        }
    }

    WebElement waitVisible(String css, int seconds) {
        return waitFor(Duration.ofSeconds(seconds), css + " visible", d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    Object jsAsync(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** Replaces a field's text the way a user types it (Vue listens to input events). */
    void type(String css, String text) {
        WebElement e = waitVisible(css, 10);
        // select-all and type over it: clear() alone fires no input event for Vue to see
        e.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), text);
    }

    String console() {
        try {
            return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString)
                    .collect(Collectors.joining("\n"));
        } catch (RuntimeException e) {
            return "(no console: " + e.getMessage() + ")";
        }
    }

    void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
