import { LsimError } from '../common/errors.js';
import type { LogGroupRef, LogStore } from '../logs/log-store.js';
import type { Identity } from './identity.js';

export interface GroupSelector {
  readonly logGroupName?: string | undefined;
  readonly logGroupIdentifier?: string | undefined;
}

/** The group by name, or by its identifier: a name or an ARN `arn:aws:logs:<region>:<account>:log-group:<name>[:*]`. */
export function logGroupOf(input: GroupSelector): string {
  if ((input.logGroupName === undefined) === (input.logGroupIdentifier === undefined)) {
    throw new LsimError('InvalidParameterException', 'Should provide either logGroupName or logGroupIdentifier.');
  }
  const id = input.logGroupName ?? input.logGroupIdentifier ?? '';
  const arn = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:([^:]+)(?::\*)?$/.exec(id);
  return arn?.[1] ?? id;
}

/** The caller's group, which must have been logged to: Lambda creates it on the first invoke that logs. */
export function existingGroup(store: LogStore, identity: Identity, input: GroupSelector): LogGroupRef {
  const ref = { accountId: identity.accountId, region: identity.region, logGroup: logGroupOf(input) };
  if (!store.exists(ref)) throw new LsimError('ResourceNotFoundException', 'The specified log group does not exist.');
  return ref;
}

/** `arn:aws:logs:<region>:<account>:log-group:<name>`: DescribeLogGroups' `logGroupArn`; `arn` adds `:*`. */
export const logGroupArn = (ref: LogGroupRef): string => `arn:aws:logs:${ref.region}:${ref.accountId}:log-group:${ref.logGroup}`;
