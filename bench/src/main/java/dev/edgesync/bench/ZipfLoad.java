package dev.edgesync.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A quota of requests over many objects, in a fixed seeded order (a Zipf sequence of object numbers): {@code
 * connections} keep-alive connections take the next request of the sequence until it is used up or the time limit
 * passes. Reports how many were answered and how fast.
 */
final class ZipfLoad {
    record Result(int quota, long answered, long errors, double seconds, boolean finished) {
        double requestsPerSecond() {
            return answered / seconds;
        }
    }

    private ZipfLoad() {
    }

    /** {@code pathOf} turns an object number into a request path. */
    static Result run(String host, int port, int[] sequence, java.util.function.IntFunction<String> pathOf,
            int connections, long limitMillis) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong answered = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + limitMillis * 1_000_000L;
        AtomicLong lastAnswer = new AtomicLong(start);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread t = new Thread(() -> {
                RawHttp conn = null;
                try {
                    int i;
                    while ((i = next.getAndIncrement()) < sequence.length && System.nanoTime() < deadline) {
                        try {
                            if (conn == null || !conn.usable()) {
                                if (conn != null) {
                                    conn.close();
                                }
                                conn = new RawHttp(host, port, 10_000);
                            }
                            RawHttp.Response r = conn.exchange(conn.request("GET", pathOf.apply(sequence[i])), false,
                                    false);
                            if (r.status() == 200) {
                                answered.incrementAndGet();
                                lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
                            } else {
                                errors.incrementAndGet();
                            }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                            if (conn != null) {
                                conn.close();
                            }
                            conn = null;
                        }
                    }
                } finally {
                    if (conn != null) {
                        conn.close();
                    }
                }
            }, "zipf-load");
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(limitMillis + 30_000);
        }
        long done = answered.get();
        boolean finished = done == sequence.length;
        double seconds = ((finished ? lastAnswer.get() : Math.max(lastAnswer.get(), deadline)) - start) / 1e9;
        return new Result(sequence.length, done, errors.get(), seconds, finished);
    }
}
