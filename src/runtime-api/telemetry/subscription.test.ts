import { describe, expect, it } from 'vitest';
import { decodeSubscription, type Decoded } from './subscription.js';

const body = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const telemetry = (overrides: Record<string, unknown> = {}): Decoded =>
  decodeSubscription(
    'telemetry',
    body({
      schemaVersion: '2022-12-13',
      types: ['platform', 'function'],
      destination: { protocol: 'HTTP', URI: 'http://sandbox.localdomain:8080/telemetry' },
      ...overrides,
    }),
  );
const refusal = (decoded: Decoded): { errorType: string; errorMessage: string } => {
  if (decoded.ok) throw new Error('expected a refusal');
  return decoded.body;
};

describe('decodeSubscription (Telemetry API)', () => {
  it('takes a subscription with the documented defaults for buffering', () => {
    expect(telemetry()).toEqual({
      ok: true,
      subscription: {
        api: 'telemetry',
        schemaVersion: '2022-12-13',
        types: ['platform', 'function'],
        buffering: { maxItems: 10_000, maxBytes: 262_144, timeoutMs: 1000 },
        port: 8080,
        path: '/telemetry',
        method: 'POST',
      },
    });
  });

  it('takes buffering at both ends of each range, and `sandbox` as the host', () => {
    const low = telemetry({ buffering: { maxItems: 1000, maxBytes: 262_144, timeoutMs: 25 } });
    const high = telemetry({ buffering: { maxItems: 10_000, maxBytes: 1_048_576, timeoutMs: 30_000 } });
    expect(low.ok && low.subscription.buffering).toEqual({ maxItems: 1000, maxBytes: 262_144, timeoutMs: 25 });
    expect(high.ok && high.subscription.buffering).toEqual({ maxItems: 10_000, maxBytes: 1_048_576, timeoutMs: 30_000 });
    const short = telemetry({ destination: { protocol: 'HTTP', URI: 'http://sandbox:4243' } });
    expect(short.ok && short.subscription.path).toBe('/');
  });

  it.each([
    [{ buffering: { maxItems: 999 } }, 'buffering.maxItems should be an integer from 1000 to 10000'],
    [{ buffering: { maxBytes: 1_048_577 } }, 'buffering.maxBytes should be an integer from 262144 to 1048576'],
    [{ buffering: { timeoutMs: 24 } }, 'buffering.timeoutMs should be an integer from 25 to 30000'],
    [{ buffering: { timeoutMs: 100.5 } }, 'buffering.timeoutMs should be an integer from 25 to 30000'],
    [{ types: [] }, 'types should not be empty'],
    [{ types: ['platform', 'logs'] }, 'types should be among platform, function, extension, got "logs"'],
    [{ schemaVersion: '2020-08-15' }, 'schemaVersion should be one of 2022-07-01, 2022-12-13, 2025-01-29'],
    [{ destination: { protocol: 'TCP', URI: 'http://sandbox.localdomain:8080' } }, 'destination.protocol should be HTTP'],
    [{ destination: { protocol: 'HTTP', URI: 'http://localhost:8080' } }, 'URI host should be sandbox.localdomain'],
    [{ destination: { protocol: 'HTTP', URI: 'http://sandbox.localdomain:9001' } }, 'URI port 9001 is reserved'],
    [{ destination: { protocol: 'HTTP', URI: 'not a uri' } }, 'destination.URI is not a valid URI'],
    [{ destination: undefined }, 'destination is required'],
  ])('refuses %j with ValidationError', (overrides, message) => {
    expect(refusal(telemetry(overrides))).toEqual({ errorType: 'ValidationError', errorMessage: message });
  });

  it('reports every problem at once, as Lambda words them', () => {
    const decoded = telemetry({ types: [], destination: { protocol: 'HTTP', URI: 'http://sandbox.localdomain/' } });
    expect(refusal(decoded).errorMessage).toBe('types should not be empty; URI port is not provided');
  });

  it('refuses a body that is not a JSON object', () => {
    expect(refusal(decodeSubscription('telemetry', Buffer.from(''))).errorMessage).toMatch(/^request body is not valid JSON/);
    expect(refusal(decodeSubscription('telemetry', Buffer.from('[]'))).errorMessage).toBe('request body should be an object');
  });
});

describe('decodeSubscription (Logs API)', () => {
  const logs = (destination: Record<string, unknown>, extra: Record<string, unknown> = {}): Decoded =>
    decodeSubscription('logs', body({ types: ['platform'], destination, ...extra }));

  it('has an optional schemaVersion and lets the subscriber pick PUT', () => {
    const decoded = logs({ protocol: 'HTTP', URI: 'http://sandbox.localdomain:8080/lambda_logs', method: 'PUT', encoding: 'JSON' });
    expect(decoded.ok && decoded.subscription).toMatchObject({ api: 'logs', schemaVersion: '2020-08-15', method: 'PUT', port: 8080 });
    const later = logs({ protocol: 'HTTP', URI: 'http://sandbox.localdomain:8080' }, { schemaVersion: '2021-03-18' });
    expect(later.ok && later.subscription.schemaVersion).toBe('2021-03-18');
  });

  it('refuses with Logs.ValidationError', () => {
    expect(refusal(logs({ protocol: 'HTTP', URI: 'http://sandbox.localdomain:8080', method: 'GET' }))).toEqual({
      errorType: 'Logs.ValidationError',
      errorMessage: 'destination.method should be POST or PUT',
    });
  });
});
