package dev.edgesync.lab.chaos;

import dev.edgesync.events.Strategy;
import dev.edgesync.lab.check.CheckReport;
import dev.edgesync.lab.check.RegionPolicy;
import dev.edgesync.lab.check.Staleness;
import dev.edgesync.lab.check.Violation;
import dev.edgesync.lab.client.EdgeSyncApi;
import dev.edgesync.lab.client.Targets;
import dev.edgesync.lab.history.WriteOp;
import dev.edgesync.lab.load.LoadOptions;
import dev.edgesync.lab.load.LoadRunner;
import dev.edgesync.testkit.servers.Ports;
import dev.edgesync.testkit.topology.RegionSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs each fault during its own checked load on a {@link ChaosLab}: the load starts, the fault is
 * injected a quarter into it and ends (resume or restart), a canary write measures the time until
 * every region serves fresh again, the load ends, then the history is checked against the bound and
 * every item's last write is looked up at the origin for acknowledgements from every region.
 */
public final class ChaosRunner {
    /** Slack of the bound: a version committed more than delay + this before a read started is due. */
    public static final long TOLERANCE_MS = 1_000;

    public record Options(List<Fault> faults, Duration loadPerFault, Duration faultWindow, String region, double rate,
            double writeRate, long seed) {
        public Options {
            faults = List.copyOf(faults);
            if (faults.isEmpty()) {
                throw new IllegalArgumentException("no fault to run");
            }
            if (loadPerFault.compareTo(Duration.ofSeconds(4)) < 0 || loadPerFault.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("--duration must be within PT4S..PT5M, was " + loadPerFault);
            }
            if (faultWindow.isNegative() || faultWindow.compareTo(loadPerFault) > 0) {
                throw new IllegalArgumentException("--fault-window must be within 0..--duration, was " + faultWindow);
            }
        }
    }

    private final ChaosLab lab;
    private final Options options;
    private final PrintWriter progress;
    private final FaultInjector injector;

    public ChaosRunner(ChaosLab lab, Options options, PrintWriter progress) {
        this.lab = lab;
        this.options = options;
        this.progress = progress;
        this.injector = new FaultInjector(lab);
    }

    /** The region the regional faults hit: the one asked for, else the first lazy region, else the first. */
    public static String defaultRegion(List<RegionSpec> regions) {
        return regions.stream().filter(r -> r.strategy() == Strategy.LAZY).findFirst().orElse(regions.get(0)).name();
    }

    public ChaosResult run() throws InterruptedException {
        long started = System.currentTimeMillis();
        List<String> regions = lab.topology().regions().stream().map(RegionSpec::name).toList();
        lab.topology().region(options.region());
        List<FaultResult> results = new ArrayList<>();
        for (int i = 0; i < options.faults().size(); i++) {
            Fault fault = options.faults().get(i);
            say(String.format("[%d/%d] %s: %s", i + 1, options.faults().size(), fault.wire(), fault.description()));
            FaultResult result = runOne(fault, i);
            results.add(result);
            say(String.format("      violations %d, STALE past 2 s %d, lost invalidations %d, errors %d, recovered %s",
                    result.violations(), result.staleTooLong(), result.lostInvalidations(), result.errors(), ChaosTable.seconds(result.recoverMs())));
        }
        return new ChaosResult(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").format(java.time.LocalDateTime.now()), started, System.currentTimeMillis() - started,
                options.loadPerFault().toMillis(), options.faultWindow().toMillis(), regions, results);
    }

    private FaultResult runOne(Fault fault, int index) throws InterruptedException {
        EdgeSyncApi api = new EdgeSyncApi(Targets.of(lab.topology()));
        Map<String, RegionPolicy> policies = LoadRunner.policies(api);
        String region = fault.regional() ? options.region() : null;
        String canary = retry(() -> api.create("Chaos canary " + fault.wire(), "chaos-canary-" + fault.wire() + "-"
                + System.nanoTime(), "canary", List.of("chaos")).id(), CanaryRecovery.LIMIT);
        List<WriteOp> extraWrites = new ArrayList<>();
        LoadOptions load = new LoadOptions(30, 1.0, 2, options.rate(), 0, options.loadPerFault().toMillis(),
                options.writeRate(), options.seed() + index, 15);
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "edgesync-chaos-load");
            t.setDaemon(true);
            return t;
        });
        try {
            long requestsBefore = edgeRequests(api);
            Future<LoadRunner.Run> running = pool.submit(() -> new LoadRunner(api, load, null, TOLERANCE_MS).run());
            awaitReads(api, requestsBefore, running); // the load creates its items first: no fault before it reads
            Ports.sleep(Math.max(1_000, options.loadPerFault().toMillis() / 4));
            long from = System.currentTimeMillis();
            String error = null;
            try {
                injector.inject(fault, options.region(), options.faultWindow(), api, canary, extraWrites::add);
            } catch (Exception e) {
                error = fault.wire() + " could not be injected: " + e.getMessage();
                say("      " + error);
            }
            long to = System.currentTimeMillis();
            long recoverMs = CanaryRecovery.measure(api, canary, extraWrites, to);
            LoadRunner.Run run;
            try {
                run = running.get(options.loadPerFault().toMillis() + 120_000, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                String failed = "the checked load failed, so this fault has no verdict: "
                        + (e.getCause() != null ? e.getCause().getMessage() : e.toString());
                say("      " + failed);
                List<String> examples = error == null ? List.of(failed) : List.of(error, failed);
                return new FaultResult(fault.wire(), fault.description(), region, from, 0, to - from, 0, extraWrites.size(),
                        1, -1, Map.of(), -1, new PropagationAudit(api).audit(extraWrites).lost(), 0, recoverMs,
                        examples, Map.of());
            }
            List<WriteOp> writes = new ArrayList<>(run.history().writes());
            writes.addAll(extraWrites);
            PropagationAudit.Outcome audit = new PropagationAudit(api).audit(writes);
            CheckReport check = run.check();
            List<StaleBound.Breach> staleTooLong = StaleBound.breaches(run.history(), policies, StaleBound.DEFAULT_LIMIT_MS);
            Map<String, Integer> byKind = new LinkedHashMap<>();
            for (Violation.Kind kind : Violation.Kind.values()) {
                byKind.put(kind.name(), check.count(kind));
            }
            List<String> examples = new ArrayList<>();
            if (error != null) {
                examples.add(error);
            }
            audit.details().stream().limit(5).forEach(examples::add);
            check.examples().stream().limit(5).map(Violation::toString).forEach(examples::add);
            staleTooLong.stream().limit(3).map(StaleBound.Breach::toString).forEach(examples::add);
            long loadStart = run.result().startedAt();
            long errors = run.result().overall().errors();
            long checked = check.regions().stream().mapToLong(check::readsChecked).sum();
            return new FaultResult(fault.wire(), fault.description(), region, loadStart, from - loadStart, to - loadStart,
                    checked, writes.size(), errors, check.total(), byKind,
                    staleTooLong.size(), audit.lost(), audit.lostAcks(), recoverMs, examples, windows(run, loadStart));
        } finally {
            pool.shutdownNow();
            lab.proxy().delay(0);
        }
    }

    private static long edgeRequests(EdgeSyncApi api) {
        long total = 0;
        for (String region : api.targets().regions()) {
            var summary = api.summary(region);
            total += summary == null ? 0 : summary.requests();
        }
        return total;
    }

    private static void awaitReads(EdgeSyncApi api, long before, Future<?> load) {
        long deadline = System.currentTimeMillis() + CanaryRecovery.LIMIT.toMillis();
        while (edgeRequests(api) <= before && !load.isDone() && System.currentTimeMillis() < deadline) {
            Ports.sleep(100);
        }
    }

    private static Map<String, List<double[]>> windows(LoadRunner.Run run, long loadStart) {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        run.policies().keySet().forEach(r -> out.put(r, new ArrayList<>()));
        for (Staleness.Window w : run.result().windows()) {
            if (w.windowMs() != null) {
                out.get(w.region()).add(new double[] {(w.commitTime() - loadStart) / 1000.0, w.windowMs()});
            }
        }
        return out;
    }

    private <T> T retry(java.util.function.Supplier<T> action, Duration limit) {
        long deadline = System.currentTimeMillis() + limit.toMillis();
        while (true) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Ports.sleep(500);
            }
        }
    }

    private void say(String line) {
        if (progress != null) {
            progress.println(line);
            progress.flush();
        }
    }
}
