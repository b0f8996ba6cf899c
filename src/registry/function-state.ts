import { randomUUID } from 'node:crypto';
import { functionArn } from '../common/arn.js';
import { LsimError } from '../common/errors.js';
import type { ConfigurationMoment } from './function-configuration.js';
import type { FunctionRecord, SettlingKind } from './functions.js';

/**
 * The function lifecycle (docs/lambda-facts.md#function-states): a create answers `Pending`, an
 * update `InProgress`; once the window stored with the function ends, reads show `Active` /
 * `Successful` under a new RevisionId. The window is data, not a timer, so every process on the home
 * agrees on it.
 */
export interface FunctionView {
  readonly moment: ConfigurationMoment;
  readonly revisionId: string;
}

export function viewOf(record: FunctionRecord, now = Date.now()): FunctionView {
  if (record.settling !== undefined && now < record.settlesAt) return { moment: record.settling, revisionId: record.revisionId };
  return { moment: 'settled', revisionId: record.settledRevisionId ?? record.revisionId };
}

/** The lifecycle fields of a function just created or changed: a fresh window and two new revisions. */
export function startWindow(
  kind: SettlingKind,
  delayMs: number,
): Pick<FunctionRecord, 'settling' | 'settlesAt' | 'revisionId' | 'settledRevisionId'> {
  return { settling: kind, settlesAt: Date.now() + delayMs, revisionId: randomUUID(), settledRevisionId: randomUUID() };
}

/**
 * Refuses an operation that changes the function while its window is open, with Lambda's
 * ResourceConflictException texts for a Pending function and for an update in progress.
 */
export function checkNotBusy(record: FunctionRecord, now = Date.now()): void {
  const { moment } = viewOf(record, now);
  if (moment === 'created') throw pendingConflict();
  if (moment === 'updated') {
    throw new LsimError(
      'ResourceConflictException',
      `The operation cannot be performed at this time. An update is in progress for resource: ${functionArn(record.region, record.accountId, record.name)}`,
    );
  }
}

/** Lambda does not invoke a Pending function (docs/lambda-facts.md#function-states). */
export function pendingConflict(): LsimError {
  return new LsimError(
    'ResourceConflictException',
    'The operation cannot be performed at this time. The function is currently in the following state: Pending',
  );
}

/** RevisionId preconditions of the function and alias operations. */
export function checkRevision(given: string | undefined, current: string): void {
  if (given !== undefined && given !== current) {
    throw new LsimError(
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    );
  }
}
