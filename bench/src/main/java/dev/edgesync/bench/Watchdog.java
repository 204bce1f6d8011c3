package dev.edgesync.bench;

import java.util.concurrent.TimeUnit;

/**
 * Ends a benchmark run that outlives its time limit: says so, lets the run write what it has, then exits with 3;
 * the shutdown hooks stop the servers and topology the run started.
 */
final class Watchdog implements AutoCloseable {
    private final Thread thread;

    Watchdog(int maxMinutes, Runnable beforeExit) {
        thread = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(maxMinutes));
            } catch (InterruptedException e) {
                return; // finished in time
            }
            System.err.println("bench: time limit of " + maxMinutes + " min reached, stopping");
            beforeExit.run();
            System.exit(3);
        }, "bench-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
