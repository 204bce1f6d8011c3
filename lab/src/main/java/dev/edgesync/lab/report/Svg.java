package dev.edgesync.lab.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small self-contained SVG charts (no scripts, no external resources). */
public final class Svg {
    public static final String[] PALETTE = {"#2b6cb0", "#dd6b20", "#2f855a", "#9b2c2c", "#6b46c1", "#b7791f",
        "#319795", "#4a5568"};
    private static final int W = 760;
    private static final int H = 300;
    private static final int LEFT = 64;
    private static final int RIGHT = 150;
    private static final int TOP = 36;
    private static final int BOTTOM = 56;

    private Svg() {
    }

    /** Grouped bars: one group per category, one bar per series. */
    public static String bars(String title, String yLabel, List<String> categories, Map<String, double[]> series) {
        double max = 0;
        for (double[] values : series.values()) {
            for (double v : values) {
                max = Math.max(max, v);
            }
        }
        double top = niceMax(max);
        StringBuilder s = open(title);
        axes(s, yLabel, top);
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        int n = Math.max(1, categories.size());
        double group = plotW / (double) n;
        int k = Math.max(1, series.size());
        double bar = Math.max(1, (group * 0.8) / k);
        int si = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            String color = PALETTE[si % PALETTE.length];
            double[] values = e.getValue();
            for (int c = 0; c < Math.min(n, values.length); c++) {
                double v = Math.max(0, values[c]);
                double h = top == 0 ? 0 : v / top * plotH;
                double x = LEFT + c * group + group * 0.1 + si * bar;
                s.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %s</title></rect>%n",
                        x, TOP + plotH - h, Math.max(0.5, bar - 1), h, color, esc(e.getKey()), esc(categories.get(c)),
                        fmt(v)));
            }
            legend(s, si, e.getKey(), color);
            si++;
        }
        int every = Math.max(1, (int) Math.ceil(n / 16.0));
        for (int c = 0; c < n; c += every) {
            double x = LEFT + c * group + group / 2;
            s.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"end\" transform=\"rotate(-35 %.1f %d)\">%s</text>%n",
                    x, H - BOTTOM + 14, x, H - BOTTOM + 14, esc(categories.get(c))));
        }
        return close(s);
    }

    /** Lines: each series is a list of (x, y) points. */
    public static String lines(String title, String xLabel, String yLabel, Map<String, List<double[]>> series,
            Double fixedTop) {
        return lines(title, xLabel, yLabel, series, fixedTop, null, null);
    }

    /** Lines over a shaded band {@code band = [fromX, toX]} named {@code bandLabel} (for example a fault's window). */
    public static String lines(String title, String xLabel, String yLabel, Map<String, List<double[]>> series,
            Double fixedTop, double[] band, String bandLabel) {
        double maxX = band == null ? 0 : band[1];
        double maxY = 0;
        for (List<double[]> points : series.values()) {
            for (double[] p : points) {
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        double top = fixedTop != null ? fixedTop : niceMax(maxY);
        double right = niceMax(maxX);
        StringBuilder s = open(title);
        axes(s, yLabel, top);
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        for (int i = 0; i <= 4; i++) {
            double xv = right * i / 4;
            double x = LEFT + plotW * i / 4.0;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>%n",
                    x, H - BOTTOM + 14, fmt(xv)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>%n",
                LEFT + plotW / 2, H - BOTTOM + 32, esc(xLabel)));
        if (band != null && right > 0) {
            double x1 = LEFT + Math.max(0, band[0]) / right * plotW;
            double x2 = LEFT + Math.max(band[0], band[1]) / right * plotW;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#fed7d7\" "
                    + "opacity=\"0.7\"><title>%s</title></rect>%n", x1, TOP, Math.max(1, x2 - x1), plotH, esc(bandLabel)));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#9b2c2c\">%s</text>%n",
                    x1 + 2, TOP + 12, esc(bandLabel)));
        }
        int si = 0;
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            String color = PALETTE[si % PALETTE.length];
            StringBuilder pts = new StringBuilder();
            for (double[] p : e.getValue()) {
                double x = LEFT + (right == 0 ? 0 : p[0] / right * plotW);
                double y = TOP + plotH - (top == 0 ? 0 : Math.min(p[1], top) / top * plotH);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            s.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(color).append("\" points=\"")
                    .append(pts.toString().trim()).append("\"/>\n");
            legend(s, si, e.getKey(), color);
            si++;
        }
        return close(s);
    }

    /** One segment of a timeline lane: from..to (ms), a colour key and a tooltip. */
    public record Segment(double from, double to, String state, String label) {
    }

    /** Colours of the demo's states. */
    public static final Map<String, String> STATE_COLORS = stateColors();

    private static Map<String, String> stateColors() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("old", "#a0aec0");
        m.put("stale", "#dd6b20");
        m.put("new", "#2f855a");
        m.put("error", "#9b2c2c");
        return m;
    }

    /**
     * Lanes of coloured segments over time (ms since the update), with a dashed mark per lane at
     * {@code marks} (the region's delay).
     */
    public static String timeline(String title, Map<String, List<Segment>> lanes, Map<String, Double> marks) {
        double maxX = 0;
        for (List<Segment> segs : lanes.values()) {
            for (Segment seg : segs) {
                maxX = Math.max(maxX, seg.to());
            }
        }
        double right = niceMax(maxX);
        int lane = 34;
        int height = TOP + lanes.size() * lane + 60;
        // room for lane labels such as "ap-south (lazy)" at 12 px
        int labelRoom = 70;
        int plotW = W - LEFT - RIGHT - labelRoom;
        int left = LEFT + labelRoom;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n", W, height, W, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(String.format("<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>%n", LEFT, esc(title)));
        int i = 0;
        for (Map.Entry<String, List<Segment>> e : lanes.entrySet()) {
            int y = TOP + i * lane;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">%s</text>%n",
                    left - 6, y + 18, esc(e.getKey())));
            for (Segment seg : e.getValue()) {
                double x0 = left + seg.from() / right * plotW;
                double x1 = left + seg.to() / right * plotW;
                s.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"22\" fill=\"%s\"><title>%s</title></rect>%n",
                        x0, y + 4, Math.max(1, x1 - x0), STATE_COLORS.getOrDefault(seg.state(), "#718096"),
                        esc(seg.label())));
            }
            Double mark = marks.get(e.getKey());
            if (mark != null) {
                double x = left + mark / right * plotW;
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\" "
                        + "stroke-dasharray=\"4 3\"><title>delay %s ms</title></line>%n", x, y, x, y + 30, fmt(mark)));
            }
            i++;
        }
        int axisY = TOP + lanes.size() * lane + 6;
        s.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", left, axisY,
                left + plotW, axisY));
        for (int t = 0; t <= 5; t++) {
            double x = left + plotW * t / 5.0;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s ms</text>%n",
                    x, axisY + 14, fmt(right * t / 5)));
        }
        int li = 0;
        for (Map.Entry<String, String> c : STATE_COLORS.entrySet()) {
            int y = TOP + li * 18;
            s.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", W - RIGHT + 20, y,
                    c.getValue()));
            s.append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n", W - RIGHT + 38, y + 10,
                    switch (c.getKey()) {
                        case "old" -> "old version";
                        case "stale" -> "old, marked STALE";
                        case "new" -> "new version";
                        default -> "error";
                    }));
            li++;
        }
        s.append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"11\">- - - region delay</text>%n", W - RIGHT + 20,
                TOP + li * 18 + 10));
        s.append("</svg>\n");
        return s.toString();
    }

    private static StringBuilder open(String title) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\">%n", W, H, W, H));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(String.format("<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>%n", LEFT, esc(title)));
        return s;
    }

    private static String close(StringBuilder s) {
        return s.append("</svg>\n").toString();
    }

    private static void axes(StringBuilder s, String yLabel, double top) {
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        for (int i = 0; i <= 4; i++) {
            double y = TOP + plotH - plotH * i / 4.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e2e8f0\"/>%n",
                    LEFT, y, LEFT + plotW, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 4, y + 3, fmt(top * i / 4)));
        }
        s.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", LEFT, TOP, LEFT, TOP + plotH));
        s.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", LEFT, TOP + plotH,
                LEFT + plotW, TOP + plotH));
        s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" font-size=\"11\" transform=\"rotate(-90 14 %d)\" "
                + "text-anchor=\"middle\">%s</text>%n", TOP + plotH / 2, TOP + plotH / 2, esc(yLabel)));
    }

    private static void legend(StringBuilder s, int index, String name, String color) {
        int x = W - RIGHT + 16;
        int y = TOP + index * 18;
        s.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", x, y, color));
        s.append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n", x + 18, y + 10, esc(name)));
    }

    static double niceMax(double max) {
        if (max <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= max) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.0f" : "%.2f", v);
    }

    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
