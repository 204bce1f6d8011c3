package dev.edgesync.origin.persistence;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

/**
 * Whether a failure means PostgreSQL could not be reached (down, restarting, the pool could not get a connection),
 * as opposed to a failure of the request itself. Such failures are worth retrying once PostgreSQL is back: the
 * ack consumer waits for it, and clients get 503 with {@code Retry-After}. Pure code.
 */
public final class DatabaseOutage {
    private DatabaseOutage() {
    }

    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException
                    || t instanceof org.hibernate.exception.JDBCConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && outageState(sql.getSQLState())) {
                return true;
            }
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            // Agroal's pool timeout carries no SQLState
            if (t instanceof SQLException && message.contains("acquisition timeout")) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLState class 08 (connection exception) and 57P01..57P03 (admin shutdown, crash shutdown, cannot connect
     * now: the server is stopping or starting).
     */
    static boolean outageState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }
}
