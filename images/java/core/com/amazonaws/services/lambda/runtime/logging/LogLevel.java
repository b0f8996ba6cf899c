package com.amazonaws.services.lambda.runtime.logging;

/** Log levels of Lambda's advanced logging controls. */
public enum LogLevel {
    UNDEFINED, TRACE, DEBUG, INFO, WARN, ERROR, FATAL;

    /** Parses a level name, case-insensitively. */
    public static LogLevel fromString(String name) {
        try {
            return valueOf(name.toUpperCase());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Invalid log level: '" + name
                    + "' expected one of [TRACE, DEBUG, INFO, WARN, ERROR, FATAL]");
        }
    }
}
