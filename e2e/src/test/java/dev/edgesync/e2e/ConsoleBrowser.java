package dev.edgesync.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from the machine's packages (Debian {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs): both paths are given, so Selenium never tries to download a browser or a driver.
 */
final class ConsoleBrowser {
    private ConsoleBrowser() {
    }

    static ChromeDriver start() {
        Path driver = find("EDGESYNC_CHROMEDRIVER", List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"));
        Path browser = find("EDGESYNC_CHROMIUM", List.of("/usr/bin/chromium", "/usr/lib/chromium/chromium"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1100", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        return new ChromeDriver(service, options);
    }

    private static Path find(String variable, List<String> candidates) {
        String configured = System.getenv(variable);
        return Stream.concat(Stream.ofNullable(configured), candidates.stream())
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + candidates.get(0) + ": install the Debian packages "
                        + "chromium and chromium-driver (.ci/run does), or set " + variable));
    }
}
