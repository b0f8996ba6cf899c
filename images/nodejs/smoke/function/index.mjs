// ESM handler: the layer package comes from /opt/nodejs/node_modules through NODE_PATH (nodejs18.x+ ESM rule).
import { source } from 'lsim-smoke-layer';

export const handler = async (event, context) => {
  console.log('event %j\nsecond line', event);
  return {
    source,
    requestId: context.awsRequestId,
    functionName: context.functionName,
    memoryLimitInMB: context.memoryLimitInMB,
    remainingPositive: context.getRemainingTimeInMillis() > 0,
    traceId: process.env._X_AMZN_TRACE_ID,
    nodePath: process.env.NODE_PATH,
  };
};

export const boom = async () => {
  throw new Error('boom');
};
