package dev.edgesync.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code n} requests for one cold key at once: all connections are opened first, then every request is sent when
 * one latch opens. The slowest answer is measured from that moment to the last byte of its response.
 */
final class MissStorm {
    record Result(int requests, int ok, int errors, double slowestMs) {
    }

    private MissStorm() {
    }

    static Result run(String host, int port, String path, int n) throws InterruptedException {
        List<RawHttp> conns = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong slowest = new AtomicLong();
        long[] released = new long[1];
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                try {
                    conns.add(new RawHttp(host, port, 30_000));
                } catch (IOException e) {
                    errors.incrementAndGet();
                }
            }
            CountDownLatch ready = new CountDownLatch(conns.size());
            for (RawHttp c : conns) {
                byte[] request = c.request("GET", path);
                Thread t = new Thread(() -> {
                    ready.countDown();
                    try {
                        go.await();
                        RawHttp.Response r = c.exchange(request, false, false);
                        slowest.accumulateAndGet(System.nanoTime() - released[0], Math::max);
                        if (r.status() == 200) {
                            ok.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "miss-storm");
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            ready.await(60, TimeUnit.SECONDS);
            Thread.sleep(200); // every thread parked on the latch
            released[0] = System.nanoTime();
            go.countDown();
            for (Thread t : threads) {
                t.join(40_000);
            }
        } finally {
            conns.forEach(RawHttp::close);
        }
        return new Result(n, ok.get(), errors.get(), slowest.get() / 1e6);
    }
}
