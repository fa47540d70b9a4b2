package io.herald.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven through the system chromedriver (nothing is downloaded), and
 * the demo page's elements by their stable ids: panels a, b, c ({@code state-a}, {@code last-a},
 * {@code count-a}, {@code conns-a}, {@code events-a}, {@code drop-a}), the publish box and the
 * long-poll view ({@code lp-*}).
 */
public final class DemoPage implements AutoCloseable {

    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private DemoPage(Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /** Starts a fresh headless Chromium with an empty profile, and any further command-line switches. */
    public static DemoPage start(String... extraArguments) throws IOException {
        for (String file : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(file))) {
                throw new IllegalStateException(file + " is missing: apt-get install -y chromium chromium-driver"
                        + " (.ci/run does it), or skip the browser test with -Dit.browser.skip=true");
            }
        }
        Path profile = Files.createTempDirectory("herald-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1400,1100",
                "--user-data-dir=" + profile);
        options.addArguments(extraArguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        return new DemoPage(profile, service, new ChromeDriver(service, options));
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    public String state(String panel) {
        return text("state-" + panel);
    }

    public int count(String panel) {
        return Integer.parseInt(text("count-" + panel));
    }

    public String lastId(String panel) {
        return text("last-" + panel);
    }

    public int connections(String panel) {
        return Integer.parseInt(text("conns-" + panel));
    }

    /** Event ids shown in a list ({@code events-a}, {@code lp-events}), oldest first. */
    public List<Long> ids(String listId) {
        return idsMatching("#" + listId + " li.event");
    }

    /** Ids shown with the "replayed" tag in a panel's list, oldest first. */
    public List<Long> replayedIds(String panel) {
        return idsMatching("#events-" + panel + " li.event.replayed");
    }

    @SuppressWarnings("unchecked")
    private List<Long> idsMatching(String css) {
        List<Object> raw = (List<Object>) ((JavascriptExecutor) driver).executeScript(
                "return Array.from(document.querySelectorAll(arguments[0])).map(li => li.dataset.id).reverse();", css);
        return raw.stream().map(o -> Long.parseLong(o.toString())).toList();
    }

    /** Types into the publish box and clicks Publish. */
    public void publish(String type, String data) {
        WebElement typeBox = driver.findElement(By.id("publish-type"));
        typeBox.clear();
        typeBox.sendKeys(type);
        WebElement dataBox = driver.findElement(By.id("publish-data"));
        dataBox.clear();
        dataBox.sendKeys(data);
        driver.findElement(By.id("publish-btn")).click();
    }

    /** Clicks a panel's "drop connection" / "reconnect now" button. */
    public void clickDrop(String panel) {
        driver.findElement(By.id("drop-" + panel)).click();
    }

    public void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Duration pageDeadline() {
        return Duration.ofSeconds(30);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temp dir; best effort
            }
        }
    }
}
