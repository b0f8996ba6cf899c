package com.amazonaws.services.lambda.runtime;

import com.amazonaws.services.lambda.runtime.logging.LogLevel;

/** Low-level logger writing to the function's log stream. */
public interface LambdaLogger {
    /** Writes a message as is. */
    void log(String message);

    /** Writes raw bytes as is. */
    void log(byte[] message);

    /** Writes a message at a level (the level is ignored by plain-text logging). */
    default void log(String message, LogLevel logLevel) {
        log(message);
    }

    /** Writes raw bytes at a level (the level is ignored by plain-text logging). */
    default void log(byte[] message, LogLevel logLevel) {
        log(message);
    }
}
