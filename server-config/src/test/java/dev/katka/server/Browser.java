package dev.katka.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real, headless Chromium (Debian's {@code chromium}, driven through its {@code chromedriver}),
 * for tests that use the console as a person does. Screenshots go to
 * {@code target/screenshots/}, kept as the build's artefacts.
 *
 * <p>Not thread-safe; {@link #close()} ends the browser and its driver.
 */
final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Long enough for a page to load and refresh itself (every 5 s) on a busy two-core machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final String baseUrl;

    Browser(String baseUrl) {
        this.baseUrl = baseUrl;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // No sandbox (tests may run as root in containers), no GPU, /tmp rather than a small /dev/shm.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--disable-extensions", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
    }

    /** Whether this machine has the browser and its driver (.ci/run installs them). */
    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    void open(String path) {
        driver.get(baseUrl + path);
    }

    /** Logs in on the login page, where the console sends everyone without a session. */
    void logIn(String user, String password) {
        driver.manage().deleteAllCookies();
        open("/");
        waitFor(d -> d.getCurrentUrl().contains("login.html"));
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login")).click();
    }

    WebElement find(By by) {
        return waitFor(d -> d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    /** Waits until the page shows {@code text} somewhere in {@code by}. */
    WebElement findWithText(By by, String text) {
        return waitFor(d -> d.findElements(by).stream().filter(e -> e.getText().contains(text)).findFirst().orElse(null));
    }

    /**
     * Polls {@code condition} until it gives a value. The console re-renders parts of a page as
     * answers arrive, so an element found in one poll may be gone by the time it is read: that
     * poll counts as "not yet".
     */
    <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE).ignoring(StaleElementReferenceException.class).until(condition::apply);
    }

    /** Says yes to the confirmation the page asks for (window.confirm). */
    void confirm() {
        waitFor(ExpectedConditions.alertIsPresent()::apply).accept();
    }

    Object script(String asyncScript, Object... arguments) {
        return driver.executeAsyncScript(asyncScript, arguments);
    }

    String url() {
        return driver.getCurrentUrl();
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
