package com.amazonaws.services.lambda.runtime;

import java.util.Map;

/** Client application and device information sent by a mobile SDK caller. */
public interface ClientContext {
    /** The client application. */
    Client getClient();

    /** Custom values set by the client application. */
    Map<String, String> getCustom();

    /** Environment values reported by the SDK. */
    Map<String, String> getEnvironment();
}
