package dev.edgesync.e2e;

import java.net.http.HttpResponse;

/** One HTTP exchange as the tests see it: when it started and ended (epoch ms), status, cache result, version. */
record Reply(long startedAt, long endedAt, int status, String xCache, long version, String body,
        HttpResponse<String> raw) {

    String header(String name) {
        return raw.headers().firstValue(name).orElse(null);
    }

    boolean isStale() {
        return "STALE".equals(xCache);
    }

    @Override
    public String toString() {
        return "Reply[" + status + " " + xCache + " v" + version + " @" + startedAt + ".." + endedAt + "]";
    }
}
