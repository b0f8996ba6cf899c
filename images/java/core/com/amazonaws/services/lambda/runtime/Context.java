package com.amazonaws.services.lambda.runtime;

/** Information about the current invocation and the function's execution environment. */
public interface Context {
    /** The request id of this invocation. */
    String getAwsRequestId();

    /** The CloudWatch log group of the function. */
    String getLogGroupName();

    /** The CloudWatch log stream of this execution environment. */
    String getLogStreamName();

    /** The function's name. */
    String getFunctionName();

    /** The function version being executed. */
    String getFunctionVersion();

    /** The ARN used to invoke the function (may carry a version or alias). */
    String getInvokedFunctionArn();

    /** The Amazon Cognito identity of the caller, or null. */
    CognitoIdentity getIdentity();

    /** The client context sent by a mobile SDK caller, or null. */
    ClientContext getClientContext();

    /** Milliseconds left before the invocation times out. */
    int getRemainingTimeInMillis();

    /** The function's configured memory in MB. */
    int getMemoryLimitInMB();

    /** The logger bound to this invocation. */
    LambdaLogger getLogger();

    /** The tenant id of a multi-tenant invocation, or null. */
    default String getTenantId() {
        return null;
    }

    /** The X-Ray trace header of this invocation, or null. */
    default String getXrayTraceId() {
        return null;
    }
}
