package com.amazonaws.services.lambda.runtime;

/** The client application that invoked the function. */
public interface Client {
    /** Application title. */
    String getAppTitle();

    /** Application version name. */
    String getAppVersionName();

    /** Application version code. */
    String getAppVersionCode();

    /** Application package name. */
    String getAppPackageName();
}
