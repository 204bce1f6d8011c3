package dev.edgesync.lab.check;

import dev.edgesync.lab.history.ReadOp;

/** One read that broke a guarantee ({@link ConsistencyChecker}), with the reason in words. */
public record Violation(Kind kind, String region, ReadOp read, String detail) {

    public enum Kind {
        /** An eager region served a version older than one it was due to have applied. */
        EAGER_STALE_AFTER_DUE("eager region served an older version after the newer one was due"),
        /** A lazy region served an older version without marking it STALE after the newer one was due. */
        LAZY_UNMARKED_AFTER_DUE("lazy region served an older version unmarked (not STALE) after the newer one was due"),
        /** A region served an older version after it had already served a newer one (revalidation done). */
        REGION_WENT_BACK("region served an older version after it had served a newer one"),
        /** One client saw versions going backwards. */
        CLIENT_WENT_BACK("a client saw versions going backwards");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    @Override
    public String toString() {
        return kind + " " + region + " client " + read.client() + " item " + read.item() + " v" + read.version()
                + " " + (read.xCache() == null ? "-" : read.xCache()) + " @" + read.start() + ".." + read.end()
                + ": " + detail;
    }
}
