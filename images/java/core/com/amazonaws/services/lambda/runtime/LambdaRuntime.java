package com.amazonaws.services.lambda.runtime;

import java.io.IOException;

/** Access to the runtime-wide logger. */
public final class LambdaRuntime {
    private LambdaRuntime() {
    }

    /** Replaced by the runtime at start-up; writes to stdout until then. */
    private static volatile LambdaLogger logger = new LambdaLogger() {
        @Override
        public void log(String message) {
            System.out.print(message);
        }

        @Override
        public void log(byte[] message) {
            try {
                System.out.write(message);
            } catch (IOException e) {
                e.printStackTrace();
            }
        }
    };

    /** The global logger. */
    public static LambdaLogger getLogger() {
        return logger;
    }
}
