package dev.edgesync.lab.load;

import java.io.PrintWriter;

/**
 * A live status line: rewritten in place on a terminal; on anything else (a pipe, a log file, a
 * test's captured output) one line every few updates, so logs stay readable.
 */
public final class ProgressLine {
    private final PrintWriter out;
    private final boolean terminal;
    private final int every;
    private int updates;

    public ProgressLine(PrintWriter out, int everyWhenNotTerminal) {
        this.out = out;
        this.terminal = System.console() != null;
        this.every = Math.max(1, everyWhenNotTerminal);
    }

    public synchronized void update(String line) {
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
        } else if (updates % every == 0) {
            out.println(line);
        }
        updates++;
        out.flush();
    }

    public synchronized void finish(String line) {
        if (terminal) {
            out.println("\r" + line + "\u001b[K");
        } else {
            out.println(line);
        }
        out.flush();
    }
}
