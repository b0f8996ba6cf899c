import { createHash } from 'node:crypto';
import { functionArn } from '../common/arn.js';
import { omitUndefined } from '../common/omit-undefined.js';
import type { FunctionConfiguration } from './api-types.js';
import type { FunctionRecord } from './functions.js';

/**
 * Which moment the configuration describes. Lambda answers a create with `Pending` and an update
 * with `InProgress`, and a read after the window shows `Active` / `Successful`
 * (docs/lambda-facts.md#function-states; the window itself is function-state.ts).
 */
export type ConfigurationMoment = 'created' | 'updated' | 'settled';

/**
 * Which version the configuration is of, and the qualifier its FunctionArn carries: none for an
 * unqualified read of $LATEST, `$LATEST`, the version number or the alias name otherwise
 * (docs/lambda-facts.md#function-versions-and-aliases).
 */
export interface ConfigurationTarget {
  readonly version: string;
  readonly qualifier?: string | undefined;
}

const LATEST: ConfigurationTarget = { version: '$LATEST' };

export function toFunctionConfiguration(
  record: FunctionRecord,
  moment: ConfigurationMoment,
  target: ConfigurationTarget = LATEST,
  revisionId: string = record.revisionId,
): FunctionConfiguration {
  return omitUndefined({
    FunctionName: record.name,
    FunctionArn: functionArn(record.region, record.accountId, record.name, target.qualifier),
    Runtime: record.runtime,
    Role: record.role,
    Handler: record.handler,
    CodeSize: record.codeSize,
    Description: record.description,
    Timeout: record.timeout,
    MemorySize: record.memorySize,
    LastModified: record.lastModified,
    CodeSha256: record.codeSha256,
    Version: target.version,
    Environment: record.environment === undefined ? undefined : { Variables: { ...record.environment } },
    TracingConfig: { Mode: 'PassThrough' as const },
    RevisionId: revisionId,
    Layers: record.layers.length === 0 ? undefined : record.layers.map((layer) => ({ Arn: layer.arn, CodeSize: layer.codeSize })),
    ...state(moment),
    PackageType: 'Zip' as const,
    Architectures: [...record.architectures],
    EphemeralStorage: { Size: record.ephemeralStorage },
    SnapStart: { ApplyOn: 'None' as const, OptimizationStatus: 'Off' as const },
    RuntimeVersionConfig: { RuntimeVersionArn: runtimeVersionArn(record.region, record.runtime) },
    LoggingConfig: { LogFormat: 'Text' as const, LogGroup: `/aws/lambda/${record.name}` },
  });
}

function state(
  moment: ConfigurationMoment,
): Pick<
  FunctionConfiguration,
  'State' | 'StateReason' | 'StateReasonCode' | 'LastUpdateStatus' | 'LastUpdateStatusReason' | 'LastUpdateStatusReasonCode'
> {
  if (moment === 'created') {
    return { State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating' };
  }
  if (moment === 'updated') {
    return {
      State: 'Active',
      LastUpdateStatus: 'InProgress',
      LastUpdateStatusReason: 'The function is being created.',
      LastUpdateStatusReasonCode: 'Creating',
    };
  }
  return { State: 'Active', LastUpdateStatus: 'Successful' };
}

/** Lambda names an opaque runtime build here; lsim derives a stable 64-hex id from the runtime name. */
function runtimeVersionArn(region: string, runtime: string): string {
  return `arn:aws:lambda:${region}::runtime:${createHash('sha256').update(runtime).digest('hex')}`;
}

/**
 * An item of ListVersionsByFunction: AWS's recorded items carry no State, LastUpdateStatus or
 * RuntimeVersionConfig members (docs/lambda-facts.md#function-versions-and-aliases).
 */
export function toVersionListItem(configuration: FunctionConfiguration): Partial<FunctionConfiguration> {
  const {
    State: _state,
    StateReason: _reason,
    StateReasonCode: _reasonCode,
    LastUpdateStatus: _status,
    LastUpdateStatusReason: _statusReason,
    LastUpdateStatusReasonCode: _statusCode,
    RuntimeVersionConfig: _runtimeVersion,
    ...item
  } = configuration;
  return item;
}
