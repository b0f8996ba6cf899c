package com.amazonaws.services.lambda.runtime.logging;

/** Log formats of Lambda's advanced logging controls. */
public enum LogFormat {
    JSON, TEXT;

    /** Parses a format name, case-insensitively. */
    public static LogFormat fromString(String name) {
        try {
            return valueOf(name.toUpperCase());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Invalid log format: '" + name + "' expected one of [JSON, TEXT]");
        }
    }
}
