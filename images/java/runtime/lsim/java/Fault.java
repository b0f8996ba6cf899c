package lsim.java;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A problem with the function (not with the runtime): reported with message and type but without a
 * stack trace, as Lambda's Java runtime does. Fatal faults end the runtime after being reported.
 */
final class Fault extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final String RUNTIME_PACKAGE = "lsim.java.";

    final String msg;
    final String type;  // may be null: then no errorType is reported
    final String trace; // may be null: printed to the log only
    final boolean fatal;

    Fault(String msg, String type, String trace, boolean fatal) {
        super(msg, null, false, false);
        this.msg = msg;
        this.type = type;
        this.trace = trace;
        this.fatal = fatal;
    }

    static Fault of(String msg) {
        return new Fault(msg, null, null, false);
    }

    static Fault of(Throwable t, boolean fatal) {
        return new Fault(messageOf(t), t.getClass().getName(), trace(t), fatal);
    }

    static String messageOf(Throwable t) {
        String m = t.getLocalizedMessage();
        return m == null ? t.getClass().getName() : m;
    }

    /** The text written to the function's log for this fault. */
    String logText() {
        if (type == null && trace == null) {
            return msg + "\n";
        }
        return msg + ": " + (type == null ? "" : type) + "\n" + (trace == null ? "" : trace) + "\n";
    }

    static String trace(Throwable t) {
        filter(t);
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }

    /** Cuts every stack trace (causes and suppressed too) at the first frame of this runtime. */
    static <T extends Throwable> T filter(T t) {
        filter(t, Collections.newSetFromMap(new IdentityHashMap<>()));
        return t;
    }

    private static void filter(Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return;
        }
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].getClassName().startsWith(RUNTIME_PACKAGE)) {
                StackTraceElement[] cut = new StackTraceElement[i];
                System.arraycopy(frames, 0, cut, 0, i);
                t.setStackTrace(cut);
                break;
            }
        }
        filter(t.getCause(), seen);
        for (Throwable s : t.getSuppressed()) {
            filter(s, seen);
        }
    }
}
