import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PlatformItem } from './records.js';
import { TelemetryHub, type DeliveryTarget } from './telemetry-hub.js';

const subscription = (types: string[], port = 8080, extra: Record<string, unknown> = {}): Buffer =>
  Buffer.from(
    JSON.stringify({
      schemaVersion: '2022-07-01',
      types,
      buffering: { timeoutMs: 25 },
      destination: { protocol: 'HTTP', URI: `http://sandbox.localdomain:${port}/in` },
      ...extra,
    }),
  );

const initStart: PlatformItem = {
  type: 'platform.initStart',
  record: {
    initializationType: 'on-demand',
    phase: 'init',
    functionName: 'fn',
    functionVersion: '$LATEST',
    instanceId: 'i',
    instanceMaxMemory: 128 << 20,
  },
};
const start: PlatformItem = { type: 'platform.start', record: { requestId: 'r1', version: '$LATEST' } };
const runtimeDone: PlatformItem = {
  type: 'platform.runtimeDone',
  record: { requestId: 'r1', status: 'error', errorType: 'Runtime.ExitError' },
};

interface Delivery {
  readonly target: DeliveryTarget;
  readonly records: { time: string; type: string; record: unknown }[];
}

let hub: TelemetryHub;
let deliveries: Delivery[];
let lines: string[];
const at = new Date('2026-12-01T20:00:00.123Z');

beforeEach(() => {
  vi.useFakeTimers();
  hub = new TelemetryHub();
  deliveries = [];
  lines = [];
  hub.connect({
    deliver: (target, body) => Promise.resolve(void deliveries.push({ target, records: JSON.parse(body) as Delivery['records'] })),
    line: (text) => lines.push(text),
  });
});
afterEach(() => {
  vi.useRealTimers();
});

const typesOf = (delivery: Delivery | undefined): string[] => delivery?.records.map((record) => record.type) ?? [];

describe('TelemetryHub', () => {
  it('replays what init published before the subscription, then delivers by the subscription types', async () => {
    hub.publish(initStart, at);
    hub.publish({ type: 'function', record: 'static init output' }, at);
    expect(hub.subscribe('ext', 'telemetry', subscription(['platform']))).toEqual({ status: 200, body: 'OK' });
    hub.publish({ type: 'extension', record: 'not subscribed' });
    await vi.advanceTimersByTimeAsync(25);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.target).toEqual({ port: 8080, path: '/in', method: 'POST' });
    expect(deliveries[0]?.records[0]).toEqual({ time: '2026-12-01T20:00:00.123Z', type: 'platform.initStart', record: initStart.record });
    expect(typesOf(deliveries[0])).toEqual(['platform.initStart', 'platform.telemetrySubscription']);
    expect(deliveries[0]?.records[1]?.record).toEqual({ name: 'ext', state: 'Subscribed', types: ['platform'] });
    expect(lines).toEqual(['TELEMETRY\tName: ext\tState: Subscribed\tTypes: [Platform]']);
  });

  it('closes subscriptions at the end of init, with Lambda error bodies', () => {
    hub.closeSubscriptions();
    expect(hub.subscribe('ext', 'telemetry', subscription(['platform']))).toEqual({
      status: 403,
      body: { errorType: 'Telemetry.SubscriptionClosed', errorMessage: 'Telemetry API subscription is closed' },
    });
    expect(hub.subscribe('ext', 'logs', subscription(['platform'])).body).toMatchObject({ errorType: 'Logs.SubscriptionClosed' });
  });

  it('answers 400 for a body it refuses', () => {
    expect(hub.subscribe('ext', 'telemetry', subscription([]))).toEqual({
      status: 400,
      body: { errorType: 'ValidationError', errorMessage: 'types should not be empty' },
    });
  });

  it('gives a Logs API subscriber its own record set and shapes', async () => {
    const logs = subscription(['platform', 'function'], 8081, {
      schemaVersion: '2020-08-15',
      destination: { protocol: 'HTTP', URI: 'http://sandbox:8081', method: 'PUT' },
    });
    hub.publish(initStart);
    expect(hub.subscribe('old-agent', 'logs', logs).status).toBe(200);
    hub.publish({ ...start, record: { ...start.record, tracing: { type: 'X-Amzn-Trace-Id', value: 'Root=1-x' } } });
    hub.publish({ type: 'function', record: 'hello' });
    hub.publish(runtimeDone);
    hub.publish({ type: 'platform.end', record: { requestId: 'r1' } });
    await hub.flush();
    expect(deliveries[0]?.target.method).toBe('PUT');
    // No initStart (Telemetry API only), no runtimeDone (2021-03-18 only), start without version or tracing.
    expect(deliveries[0]?.records.map(({ type, record }) => ({ type, record }))).toEqual([
      { type: 'platform.logsSubscription', record: { name: 'old-agent', state: 'Subscribed', types: ['platform', 'function'] } },
      { type: 'platform.start', record: { requestId: 'r1' } },
      { type: 'function', record: 'hello' },
      { type: 'platform.end', record: { requestId: 'r1' } },
    ]);
    expect(lines).toEqual(['LOGS\tName: old-agent\tState: Subscribed\tTypes: [Platform, Function]']);
  });

  it('the 2021-03-18 Logs schema has runtimeDone, with its statuses', async () => {
    hub.subscribe('agent', 'logs', subscription(['platform'], 8081, { schemaVersion: '2021-03-18' }));
    hub.publish(runtimeDone);
    await hub.flush();
    expect(deliveries[0]?.records[1]).toMatchObject({ type: 'platform.runtimeDone', record: { requestId: 'r1', status: 'failure' } });
  });

  it('the Telemetry API has no platform.end', async () => {
    hub.subscribe('ext', 'telemetry', subscription(['platform']));
    hub.publish({ type: 'platform.end', record: { requestId: 'r1' } });
    await hub.flush();
    expect(typesOf(deliveries[0])).toEqual(['platform.telemetrySubscription']);
  });

  it('one extension uses one of the two APIs; subscribing again replaces its subscription', async () => {
    expect(hub.subscribe('ext', 'telemetry', subscription(['platform'])).status).toBe(200);
    expect(hub.subscribe('ext', 'logs', subscription(['platform'], 8080, { schemaVersion: '2020-08-15' }))).toEqual({
      status: 400,
      body: { errorType: 'Logs.ValidationError', errorMessage: 'ext is already subscribed to the Telemetry API' },
    });
    expect(hub.subscribe('ext', 'telemetry', subscription(['function'], 9000)).status).toBe(200);
    hub.publish({ type: 'function', record: 'x' });
    await hub.flush();
    expect(deliveries.map((delivery) => delivery.target.port)).toEqual([9000]);
    expect(hub.subscriberNames).toEqual(['ext']);
  });

  it('a batch still refused after the retries is dropped: the log says so, and the next batch has platform.logsDropped', async () => {
    let failures = 4;
    hub.connect({
      deliver: (target, body) =>
        failures-- > 0
          ? Promise.reject(new Error('connection refused'))
          : Promise.resolve(void deliveries.push({ target, records: JSON.parse(body) as Delivery['records'] })),
      line: (text) => lines.push(text),
    });
    hub.subscribe('ext', 'telemetry', subscription(['platform']));
    const flushed = hub.flush();
    await vi.advanceTimersByTimeAsync(700);
    await flushed;
    expect(lines[1]).toMatch(/^lsim: dropped 1 telemetry records \(\d+ bytes\) for ext: could not send events: connection refused$/);
    await vi.advanceTimersByTimeAsync(25);
    expect(typesOf(deliveries[0])).toEqual(['platform.logsDropped']);
    expect(deliveries[0]?.records[0]?.record).toEqual({
      droppedBytes: expect.any(Number) as number,
      droppedRecords: 1,
      reason: 'could not send events: connection refused',
    });
  });
});
