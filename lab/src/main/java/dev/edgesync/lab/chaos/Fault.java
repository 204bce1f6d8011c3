package dev.edgesync.lab.chaos;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The faults {@code edgesync chaos} injects, one at a time, each during a checked load. */
public enum Fault {
    KAFKA_PAUSE("Kafka broker frozen (SIGSTOP) for the fault window, then resumed (SIGCONT)"),
    KAFKA_RESTART("Kafka broker stopped and started again on the same port, its log kept"),
    REDIS_PAUSE("one region's Redis frozen (SIGSTOP) for the fault window, then resumed"),
    REDIS_RESTART("one region's Redis stopped and started again with its data (RDB snapshot taken just before)"),
    REDIS_RESTART_EMPTY("one region's Redis stopped and started again empty (no snapshot)"),
    EDGE_KILL("one region's edge killed (SIGKILL) and started again"),
    ORIGIN_KILL("the origin killed (SIGKILL) right after a commit, then started again"),
    POSTGRES_RESTART("PostgreSQL stopped and started again with its data"),
    SLOW_ORIGIN("every origin answer to the edges takes 2 s during the fault window");

    private final String description;

    Fault(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The name on the command line: {@code kafka-pause}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Fault fromWire(String name) {
        for (Fault f : values()) {
            if (f.wire().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown fault " + name + "; known: "
                + String.join(", ", Arrays.stream(values()).map(Fault::wire).toList()));
    }

    /** Whether this fault acts on one region (its Redis or its edge). */
    public boolean regional() {
        return List.of(REDIS_PAUSE, REDIS_RESTART, REDIS_RESTART_EMPTY, EDGE_KILL).contains(this);
    }
}
