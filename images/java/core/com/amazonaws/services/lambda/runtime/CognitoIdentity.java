package com.amazonaws.services.lambda.runtime;

/** The Amazon Cognito identity of the caller. */
public interface CognitoIdentity {
    /** The identity id. */
    String getIdentityId();

    /** The identity pool id. */
    String getIdentityPoolId();
}
