package dev.edgesync.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The bench's own closed-loop driver: {@code connections} threads, each with one keep-alive connection, send GETs
 * of one path back to back until {@code duration} has passed or {@code maxRequests} were sent, whichever comes
 * first. Every response is read in full; latency is measured per request (send to last body byte) into one
 * HdrHistogram per connection.
 */
final class HitLoad {
    record Result(long requests, double seconds, double requestsPerSecond, long p50Micros, long p90Micros,
            long p99Micros, long maxMicros, long ok, long hits, long errors, long bodyBytes) {
    }

    private HitLoad() {
    }

    static Result run(String host, int port, String path, int connections, Duration duration, long maxRequests)
            throws InterruptedException {
        AtomicLong budget = new AtomicLong(maxRequests);
        List<Worker> workers = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        for (int i = 0; i < connections; i++) {
            Worker w = new Worker(host, port, path, deadline, budget);
            workers.add(w);
        }
        List<Thread> threads = new ArrayList<>();
        for (Worker w : workers) {
            Thread t = new Thread(w, "hit-load");
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(duration.toMillis() + 30_000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long total = 0;
        long ok = 0;
        long hits = 0;
        long errors = 0;
        long bytes = 0;
        Histogram latencies = Figures.histogram();
        for (Worker w : workers) {
            total += w.requests;
            ok += w.ok;
            hits += w.hits;
            errors += w.errors;
            bytes += w.bytes;
            latencies.add(w.latencies);
        }
        return new Result(total, seconds, total / seconds, latencies.getValueAtPercentile(50),
                latencies.getValueAtPercentile(90), latencies.getValueAtPercentile(99), latencies.getMaxValue(), ok,
                hits, errors, bytes);
    }

    private static final class Worker implements Runnable {
        private final String host;
        private final int port;
        private final String path;
        private final long deadline;
        private final AtomicLong budget;
        private final Histogram latencies = Figures.histogram();
        private long requests;
        private long ok;
        private long hits;
        private long errors;
        private long bytes;

        Worker(String host, int port, String path, long deadline, AtomicLong budget) {
            this.host = host;
            this.port = port;
            this.path = path;
            this.deadline = deadline;
            this.budget = budget;
        }

        @Override
        public void run() {
            byte[] request = RawHttp.request("GET", host, port, path);
            RawHttp conn = null;
            while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                try {
                    if (conn == null || !conn.usable()) {
                        if (conn != null) {
                            conn.close();
                        }
                        conn = new RawHttp(host, port, 10_000);
                    }
                    long t0 = System.nanoTime();
                    RawHttp.Response r = conn.exchange(request, false, false);
                    long micros = (System.nanoTime() - t0) / 1000;
                    requests++;
                    latencies.recordValue(micros);
                    if (r.status() == 200) {
                        ok++;
                    }
                    if ("HIT".equals(r.header("x-cache"))) {
                        hits++;
                    }
                    bytes += r.bodyBytes();
                } catch (IOException | RuntimeException e) {
                    requests++;
                    errors++;
                    if (conn != null) {
                        conn.close();
                        conn = null;
                    }
                }
            }
            if (conn != null) {
                conn.close();
            }
        }
    }
}
