package dev.edgesync.lab.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A plain text table: a header row, a rule, then rows; numeric-looking cells aligned right. */
public final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final String[] header;
    private final boolean markdown;

    public TextTable(boolean markdown, String... header) {
        this.header = header;
        this.markdown = markdown;
    }

    public TextTable(String... header) {
        this(false, header);
    }

    public TextTable row(Object... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("expected " + header.length + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : String.valueOf(c)).toArray(String[]::new));
        return this;
    }

    @Override
    public String toString() {
        int[] width = new int[header.length];
        boolean[] right = new boolean[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
            right[i] = !rows.isEmpty();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
                right[i] &= row[i].matches("[-+]?[0-9][0-9,.]*(%|ms| ms|s)?|-");
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, width, right);
        if (markdown) {
            out.append('|');
            for (int w : width) {
                out.append("-".repeat(w + 2)).append('|');
            }
            out.append('\n');
        } else {
            String[] rule = new String[header.length];
            for (int i = 0; i < header.length; i++) {
                rule[i] = "-".repeat(width[i]);
            }
            line(out, rule, width, right);
        }
        for (String[] row : rows) {
            line(out, row, width, right);
        }
        return out.toString();
    }

    private void line(StringBuilder out, String[] cells, int[] width, boolean[] right) {
        StringBuilder l = new StringBuilder(markdown ? "| " : "");
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i];
            String pad = " ".repeat(width[i] - cell.length());
            l.append(right[i] ? pad + cell : cell + pad);
            l.append(markdown ? " | " : i + 1 < cells.length ? "  " : "");
        }
        out.append(l.toString().stripTrailing()).append('\n');
    }

    /** "us-east" to "US East": parts of two letters upper-cased, longer ones capitalised. */
    public static String regionTitle(String region) {
        StringBuilder out = new StringBuilder();
        for (String part : region.split("-")) {
            if (part.isEmpty()) {
                continue;
            }
            out.append(out.length() == 0 ? "" : " ");
            out.append(part.length() <= 2 ? part.toUpperCase(Locale.ROOT)
                    : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return out.toString();
    }

    public static String capitalise(String s) {
        return s == null || s.isEmpty() ? "-" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    public static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.2f%%", ratio * 100);
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String millis(double ms) {
        return ms >= 10 || ms == Math.rint(ms) ? String.format(Locale.ROOT, "%.0fms", ms)
                : String.format(Locale.ROOT, "%.1fms", ms);
    }

    public static String millisOrDash(long ms) {
        return ms < 0 ? "-" : ms + "ms";
    }
}
