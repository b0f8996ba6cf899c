import { randomBytes } from 'node:crypto';

/**
 * The log stream of one execution environment, as Lambda names it: `YYYY/MM/DD/[<version>]<32 hex>`,
 * dated in UTC when the environment starts (docs/logs.md#group-and-stream-names). The same name is the
 * function's AWS_LAMBDA_LOG_STREAM_NAME and the stream its lines are stored under.
 */
export function logStreamName(now: Date, version: string, random: (size: number) => Uint8Array = randomBytes): string {
  const date = now.toISOString().slice(0, 10).replaceAll('-', '/');
  const hex = Array.from(random(16), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${date}/[${version}]${hex}`;
}

/** A function's log group when its LoggingConfig names none (docs/logs.md#group-and-stream-names). */
export const defaultLogGroup = (functionName: string): string => `/aws/lambda/${functionName}`;
