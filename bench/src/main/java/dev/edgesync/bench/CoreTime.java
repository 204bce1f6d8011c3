package dev.edgesync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;

/**
 * The busy and total time of a set of CPUs, from {@code /proc/stat}: what a run cost the caching tier's core (all of
 * it: the cache, its Redis, the origin, the kernel's softirq work on that core) and how busy it kept the load
 * generators' core. A request rate alone cannot tell a cache that is slow from a load generator that is saturated;
 * the tier's CPU per request can. No library reads {@code /proc/stat}; this is its one line per CPU.
 */
final class CoreTime {
    /** {@code /proc/stat} counts in USER_HZ, 100 a second on every Linux this runs on. */
    static final double TICKS_PER_SECOND = 100;

    /** Ticks spent busy (everything but idle and iowait) and in total, summed over the CPUs of a set. */
    record Sample(long busy, long total) {
        /** The busy share of the time between {@code before} and this sample, 0 to 1 (0 when no tick passed). */
        double busyShare(Sample before) {
            long t = total - before.total;
            return t <= 0 ? 0 : (busy - before.busy) / (double) t;
        }

        /** Busy CPU microseconds per request between {@code before} and this sample (0 for no request). */
        double microsPerRequest(Sample before, long requests) {
            return requests <= 0 ? 0 : (busy - before.busy) * 1e6 / TICKS_PER_SECOND / requests;
        }
    }

    private final BitSet cpus;

    /** @param cpuList a {@code taskset -c} list: "0", "0-1", "0,2-3" */
    CoreTime(String cpuList) {
        this.cpus = parse(cpuList);
    }

    Sample now() {
        try {
            return sample(Files.readAllLines(Path.of("/proc/stat")), cpus);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat", e);
        }
    }

    static BitSet parse(String cpuList) {
        BitSet set = new BitSet();
        for (String part : cpuList.trim().split(",")) {
            String[] range = part.trim().split("-", 2);
            int from = Integer.parseInt(range[0].trim());
            int to = range.length == 2 ? Integer.parseInt(range[1].trim()) : from;
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("not a CPU list: " + cpuList);
            }
            set.set(from, to + 1);
        }
        return set;
    }

    /** The sum over the {@code cpuN} lines of {@code cpus}: user nice system idle iowait irq softirq steal ... */
    static Sample sample(List<String> procStat, BitSet cpus) {
        long busy = 0;
        long total = 0;
        int seen = 0;
        for (String line : procStat) {
            if (!line.startsWith("cpu") || line.startsWith("cpu ")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (!cpus.get(Integer.parseInt(f[0].substring(3)))) {
                continue;
            }
            seen++;
            // guest and guest_nice (fields 9, 10) are already counted in user and nice
            for (int i = 1; i < f.length && i <= 8; i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i != 4 && i != 5) { // idle, iowait
                    busy += v;
                }
            }
        }
        if (seen != cpus.cardinality()) {
            throw new IllegalArgumentException("/proc/stat has " + seen + " of the CPUs " + cpus);
        }
        return new Sample(busy, total);
    }
}
