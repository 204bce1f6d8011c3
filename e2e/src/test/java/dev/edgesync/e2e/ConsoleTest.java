package dev.edgesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.testkit.topology.LocalTopology;
import dev.edgesync.testkit.topology.RegionSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live console in a real headless Chromium, on the real topology: what a person does with the page (edit an
 * item, purge, switch a region's strategy) and what they must then see pushed to it.
 */
class ConsoleTest {
    private static final Duration CONVERGE = Duration.ofSeconds(45);
    private static final Pattern SAVED = Pattern.compile("Saved item (\\d+) at version (\\d+)");

    private static LocalTopology topology;
    private static ChromeDriver browser;

    @BeforeAll
    static void openConsole() {
        topology = E2ETopology.get();
        browser = ConsoleBrowser.start();
        browser.get(topology.originUrl() + "/console/");
        waitFor(Duration.ofSeconds(20), () -> "open".equals(
                browser.findElement(By.id("connection")).getDomAttribute("data-state")));
        // the regions table fills from the first summaries
        waitFor(Duration.ofSeconds(20), () -> seedRegions().stream().allMatch(r -> regionRow(r.name()) != null
                && regionRow(r.name()).getDomAttribute("data-strategy") != null));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
            // no page left open: the console stops reading through the regions, which the next tests measure
            waitFor(Duration.ofSeconds(10), () -> Http.get(topology.originUrl() + "/console/api/state").body()
                    .contains("\"pages\":0") ? true : null);
        }
    }

    @Test
    void anUpdateFromTheFormReachesTheRegionsInDelayOrder() throws IOException {
        // Delays a second apart, set through the form, so that a busy machine does not blur the order.
        List<RegionSpec> seed = seedRegions().stream().sorted(Comparator.comparingLong(RegionSpec::delayMs)).toList();
        try {
            for (int i = 0; i < seed.size(); i++) {
                setDelay(seed.get(i).name(), 100 + 1000L * i);
            }
            updateAndWatchTheRegionsTurn();
        } finally {
            for (RegionSpec region : seed) {
                setDelay(region.name(), region.delayMs());
            }
        }
    }

    private void updateAndWatchTheRegionsTurn() throws IOException {
        long id = saveItem("", "Console " + System.nanoTime());
        waitForChange(id, 1, "converged"); // every region read version 1 through its edge: it is cached everywhere
        // Record, in the page, the order in which regions turn to "applied" as the pushes arrive.
        browser.executeScript("""
                window.turns = [];
                new MutationObserver(() => document.querySelectorAll(arguments[0]).forEach(td => {
                  const region = td.closest('tr').dataset.region;
                  if (!window.turns.includes(region)) window.turns.push(region);
                })).observe(document.getElementById('timeline'), {subtree: true, childList: true, attributes: true});
                """, "article.change[data-content-id='" + id + "'][data-version='2'] td[data-field=applied][data-ms]");
        long version = saveItem(String.valueOf(id), "Console updated");
        assertEquals(2, version);
        WebElement change = waitForChange(id, version, "converged");

        List<String> byDelay = seedRegions().stream()
                .sorted(Comparator.comparingLong(r -> liveDelay(r.name())))
                .map(RegionSpec::name).toList();
        @SuppressWarnings("unchecked")
        List<String> turns = ((List<String>) browser.executeScript("return window.turns")).stream()
                .filter(byDelay::contains).toList();
        assertEquals(byDelay, turns, "the order in which the page showed the regions apply the update");
        long previousApplied = -1;
        for (String region : byDelay) {
            long applied = cellMs(change, region, "applied");
            assertTrue(applied > previousApplied, region + " applied at +" + applied + " ms, not after the region of "
                    + "shorter delay (+" + previousApplied + " ms); order " + byDelay);
            assertTrue(applied >= liveDelay(region), region + " applied before its delay: +" + applied + " ms");
            assertTrue(cellMs(change, region, "served") >= 0, region + " shows when it served version 2");
            previousApplied = applied;
        }
        screenshot();
    }

    @Test
    void theRegionsTableShowsEachRegionsLiveReplicas() {
        WebElement header = browser.findElement(By.xpath("//table[@id='regions']//th/abbr[text()='Replicas']"));
        assertTrue(header.getDomAttribute("title").contains("heartbeat"), "the column says what it counts");
        for (RegionSpec region : seedRegions()) {
            long running = topology.edges(region.name()).stream().filter(p -> p.isAlive()).count();
            // the regions table is redrawn every second: read the cell again when it was replaced under us
            String shown = waitFor(Duration.ofSeconds(10), () -> {
                WebElement row = regionRow(region.name());
                String text = row == null ? "" : row.findElement(By.cssSelector("td[data-field=replicas]")).getText();
                return text.equals(String.valueOf(running)) ? text : null;
            });
            assertEquals(String.valueOf(running), shown, region.name());
        }
    }

    @Test
    void aPurgeFromTheFormIsShownAppliedInEveryRegion() {
        long id = saveItem("", "Purged " + System.nanoTime());
        String key = "/api/content/" + id;
        WebElement form = browser.findElement(By.id("purge-form"));
        type(form, "keys", key);
        type(form, "token", topology.purgeToken());
        form.findElement(By.tagName("button")).click();
        waitFor(Duration.ofSeconds(10), () -> output(form).startsWith("Purge "));
        assertTrue(output(form).endsWith("accepted"), output(form));
        WebElement purge = waitFor(CONVERGE, () -> browser.findElements(By.cssSelector("article.change[data-kind=purge]"))
                .stream().filter(a -> a.getText().contains("keys " + key))
                .filter(a -> "converged".equals(a.getDomAttribute("data-status"))).findFirst().orElse(null));
        for (RegionSpec region : seedRegions()) {
            assertTrue(cellMs(purge, region.name(), "applied") >= 0, region.name());
        }
        // the purge's status and its entry in the timeline name the same trace
        String purgeId = output(form).replaceFirst("^Purge (\\S+) accepted$", "$1");
        Reply status = Http.getWithToken(topology.originUrl() + "/api/purge/" + purgeId, topology.purgeToken());
        java.util.regex.Matcher traceId = java.util.regex.Pattern.compile("\"traceId\"\\s*:\\s*\"([0-9a-f]{32})\"")
                .matcher(status.body());
        assertTrue(traceId.find(), "the purge status has a trace id: " + status.body());
        WebElement meta = purge.findElement(By.cssSelector("p.meta"));
        assertEquals(traceId.group(1), meta.getDomAttribute("data-trace-id"));
        assertTrue(meta.getText().contains("trace " + traceId.group(1)), "the page shows it: " + meta.getText());
    }

    @Test
    void switchingALazyRegionToEagerFromTheFormTakesEffect() {
        RegionSpec lazy = seedRegions().stream().filter(r -> "lazy".equals(liveStrategy(r.name()))).findFirst()
                .orElseThrow(() -> new AssertionError("no lazy region in the chart's values"));
        long id = saveItem("", "Switch " + System.nanoTime());
        waitForChange(id, 1, "converged");
        long v2 = saveItem(String.valueOf(id), "Switch lazy");
        WebElement lazyChange = waitForChange(id, v2, "converged");
        assertNotEquals("MISS", servedCache(lazyChange, lazy.name()),
                "a lazy region keeps its copy (marked stale) and revalidates it: never a MISS");
        try {
            switchRegion(lazy.name(), "eager");
            waitFor(Duration.ofSeconds(10), () -> "eager".equals(liveStrategy(lazy.name())));
            long v3 = saveItem(String.valueOf(id), "Switch eager");
            WebElement eagerChange = waitForChange(id, v3, "converged");
            assertEquals(0, staleAnswers(eagerChange, lazy.name()), "an eager region never answers STALE");
            assertEquals("MISS", servedCache(eagerChange, lazy.name()), "an eager region removes its copy");
        } finally {
            switchRegion(lazy.name(), "lazy");
            waitFor(Duration.ofSeconds(10), () -> "lazy".equals(liveStrategy(lazy.name())));
        }
    }

    // ---- what a person does -------------------------------------------------------------------------------------

    /** Fills the edit form (empty id: create) and returns the item id or version the page reports. */
    private static long saveItem(String id, String title) {
        WebElement form = browser.findElement(By.id("edit-form"));
        type(form, "id", id);
        type(form, "title", title);
        type(form, "body", id.isEmpty() ? "made in the console test" : "");
        type(form, "token", topology.writeToken());
        String before = output(form);
        form.findElement(By.tagName("button")).click();
        String result = waitFor(Duration.ofSeconds(10), () -> {
            String now = output(form);
            return !now.equals(before) && !now.equals("Sending…") ? now : null;
        });
        Matcher m = SAVED.matcher(result);
        assertTrue(m.find(), "the form said: " + result);
        return id.isEmpty() ? Long.parseLong(m.group(1)) : Long.parseLong(m.group(2));
    }

    private static void setDelay(String region, long delayMs) {
        WebElement form = browser.findElement(By.id("region-form"));
        new Select(form.findElement(By.name("region"))).selectByValue(region);
        new Select(form.findElement(By.name("strategy"))).selectByValue("");
        type(form, "delayMs", String.valueOf(delayMs));
        type(form, "token", topology.adminToken());
        form.findElement(By.tagName("button")).click();
        waitFor(Duration.ofSeconds(10), () -> output(form).startsWith(region + " now ")
                && output(form).endsWith("delay " + delayMs + " ms"));
        waitFor(Duration.ofSeconds(10), () -> liveDelay(region) == delayMs);
    }

    private static void switchRegion(String region, String strategy) {
        WebElement form = browser.findElement(By.id("region-form"));
        new Select(form.findElement(By.name("region"))).selectByValue(region);
        new Select(form.findElement(By.name("strategy"))).selectByValue(strategy);
        type(form, "delayMs", "");
        type(form, "token", topology.adminToken());
        form.findElement(By.tagName("button")).click();
        waitFor(Duration.ofSeconds(10), () -> output(form).startsWith(region + " now " + strategy));
    }

    // ---- what the page shows ------------------------------------------------------------------------------------

    private static WebElement waitForChange(long id, long version, String status) {
        String css = "article.change[data-content-id='" + id + "'][data-version='" + version + "']";
        return waitFor(CONVERGE, () -> browser.findElements(By.cssSelector(css)).stream()
                .filter(a -> status.equals(a.getDomAttribute("data-status"))).findFirst().orElse(null));
    }

    private static long cellMs(WebElement change, String region, String field) {
        String ms = change.findElement(By.cssSelector("tr[data-region='" + region + "'] td[data-field=" + field + "]"))
                .getDomAttribute("data-ms");
        assertTrue(ms != null, region + " shows no " + field + " time");
        return Long.parseLong(ms);
    }

    private static String servedCache(WebElement change, String region) {
        return change.findElement(By.cssSelector("tr[data-region='" + region + "'] td[data-field=served]"))
                .getDomAttribute("data-cache");
    }

    private static int staleAnswers(WebElement change, String region) {
        return Integer.parseInt(change.findElement(By.cssSelector("tr[data-region='" + region
                + "'] td[data-field=stale]")).getText().trim());
    }

    private static WebElement regionRow(String region) {
        return browser.findElements(By.cssSelector("#regions tbody tr[data-region='" + region + "']")).stream()
                .findFirst().orElse(null);
    }

    private static String liveStrategy(String region) {
        // the regions table is redrawn every second: find the row again when it was replaced under us
        return waitFor(Duration.ofSeconds(5), () -> {
            WebElement row = regionRow(region);
            return row == null ? null : row.getDomAttribute("data-strategy");
        });
    }

    private static long liveDelay(String region) {
        // the regions table is redrawn every second: find the row again when it was replaced under us
        return waitFor(Duration.ofSeconds(5), () -> Long.parseLong(regionRow(region).getDomAttribute("data-delay-ms")));
    }

    private static List<RegionSpec> seedRegions() {
        return E2ETopology.seedRegions();
    }

    private static void type(WebElement form, String name, String value) {
        WebElement field = form.findElement(By.name(name));
        field.clear();
        if (!value.isEmpty()) {
            field.sendKeys(value);
        }
    }

    private static String output(WebElement form) {
        return form.findElement(By.tagName("output")).getText();
    }

    private static void screenshot() throws IOException {
        browser.manage().window().setSize(new Dimension(1280, 1900)); // regions, forms and the newest changes
        browser.executeScript("window.scrollTo(0, 0)");
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of("target", "console.png");
        Files.createDirectories(target.getParent());
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static <T> T waitFor(Duration timeout, java.util.function.Supplier<T> condition) {
        return new WebDriverWait(browser, timeout, Duration.ofMillis(50)).ignoring(StaleElementReferenceException.class)
                .until(driver -> {
            T value = condition.get();
            return value instanceof Boolean b ? (b ? value : null) : value;
        });
    }
}
