import type { RuntimeApiErrorBody } from '../error-bodies.js';
import { BatchBuffer } from './batch-buffer.js';
import { envelopeFor, subscriptionLine, type TelemetryItem } from './records.js';
import { decodeSubscription, validationErrorType, type Subscription, type SubscriptionApi } from './subscription.js';

/**
 * The Telemetry and Logs APIs of one execution environment, without HTTP: subscriptions made during
 * init, the records the lifecycle publishes, one buffer per subscriber, delivery through whatever
 * reaches the environment's sandbox.localdomain (docs/telemetry.md).
 */

export interface DeliveryTarget {
  readonly port: number;
  readonly path: string;
  readonly method: 'POST' | 'PUT';
}

/** POSTs (or PUTs) one JSON array to the subscriber; rejects when it cannot be reached or answers >= 400. */
export type Deliver = (target: DeliveryTarget, body: string) => Promise<void>;

export interface TelemetryOutlets {
  readonly deliver: Deliver;
  /** Lines Lambda prints in the function log (the TELEMETRY / LOGS subscription line, dropped batches). */
  readonly line: (text: string) => void;
}

export type SubscribeAnswer =
  { readonly status: 200; readonly body: 'OK' } | { readonly status: 400 | 403; readonly body: RuntimeApiErrorBody };

interface Subscriber {
  readonly subscription: Subscription;
  readonly buffer: BatchBuffer;
}

/** Records published during init are replayed to a subscription made later in init; bounded all the same. */
const MAX_REPLAY = 10_000;

const CLOSED: Record<SubscriptionApi, RuntimeApiErrorBody> = {
  telemetry: { errorType: 'Telemetry.SubscriptionClosed', errorMessage: 'Telemetry API subscription is closed' },
  logs: { errorType: 'Logs.SubscriptionClosed', errorMessage: 'Logs API subscription is closed' },
};

const unreachable: TelemetryOutlets = {
  deliver: () => Promise.reject(new Error('no delivery path to the environment')),
  line: () => undefined,
};

export class TelemetryHub {
  private readonly subscribers = new Map<string, Subscriber>();
  private replay: { item: TelemetryItem; at: Date }[] | undefined = [];
  private outlets = unreachable;

  /** Where batches and lines go; until called, deliveries fail (and are dropped). */
  connect(outlets: TelemetryOutlets): void {
    this.outlets = outlets;
  }

  get subscriberNames(): string[] {
    return [...this.subscribers.keys()];
  }

  /** A registered extension `name` subscribes through `api` with the request body `body`. */
  subscribe(name: string, api: SubscriptionApi, body: Buffer): SubscribeAnswer {
    if (this.replay === undefined) return { status: 403, body: CLOSED[api] };
    const decoded = decodeSubscription(api, body);
    if (!decoded.ok) return { status: 400, body: decoded.body };
    const { subscription } = decoded;
    const existing = this.subscribers.get(name);
    if (existing !== undefined && existing.subscription.api !== api) {
      // docs/telemetry.md#subscriptions: one extension uses one of the two APIs (wording unconfirmed).
      const other = existing.subscription.api === 'telemetry' ? 'Telemetry' : 'Logs';
      return {
        status: 400,
        body: { errorType: validationErrorType(api), errorMessage: `${name} is already subscribed to the ${other} API` },
      };
    }
    existing?.buffer.discard();
    const buffer: BatchBuffer = new BatchBuffer(
      subscription.buffering,
      (batch) => this.outlets.deliver(targetOf(subscription), batch),
      (droppedRecords, droppedBytes, reason) => {
        this.outlets.line(`lsim: dropped ${droppedRecords} telemetry records (${droppedBytes} bytes) for ${name}: ${reason}`);
        // The subscriber hears of its loss in its next batch, as Lambda tells it (docs/telemetry.md#retries-and-dropped-records).
        const notice: TelemetryItem = { type: 'platform.logsDropped', record: { droppedBytes, droppedRecords, reason } };
        this.offer({ subscription, buffer }, notice, new Date());
      },
    );
    this.subscribers.set(name, { subscription, buffer });
    for (const { item, at } of this.replay) this.offer({ subscription, buffer }, item, at);
    this.outlets.line(subscriptionLine(name, subscription));
    this.publish({ type: 'platform.subscription', record: { name, api, types: subscription.types } });
    return { status: 200, body: 'OK' };
  }

  publish(item: TelemetryItem, at: Date = new Date()): void {
    if (this.replay !== undefined && this.replay.length < MAX_REPLAY) this.replay.push({ item, at });
    for (const subscriber of this.subscribers.values()) this.offer(subscriber, item, at);
  }

  /** The end of init: later subscriptions are refused, and nothing more is kept for replay. */
  closeSubscriptions(): void {
    this.replay = undefined;
  }

  /** Sends every buffer now; resolves once every subscriber has answered or been given up on. */
  flush(): Promise<void> {
    return Promise.all([...this.subscribers.values()].map((subscriber) => subscriber.buffer.flush())).then(() => undefined);
  }

  discard(): void {
    for (const subscriber of this.subscribers.values()) subscriber.buffer.discard();
  }

  private offer(subscriber: Subscriber, item: TelemetryItem, at: Date): void {
    const envelope = envelopeFor(item, at, subscriber.subscription);
    if (envelope !== undefined) subscriber.buffer.push(envelope);
  }
}

const targetOf = ({ port, path, method }: Subscription): DeliveryTarget => ({ port, path, method });
