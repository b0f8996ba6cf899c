import { setTimeout as sleep } from 'node:timers/promises';
import { LsimError } from '../common/errors.js';
import { omitUndefined } from '../common/omit-undefined.js';
import type { FunctionConfiguration } from '../registry/api-types.js';
import type { LambdaApi } from '../registry/lambda-api.js';
import { contentZip } from './content-zip.js';
import type { TemplateFunction } from './template-model.js';

export interface FunctionOutcome {
  readonly LogicalId: string;
  readonly FunctionName: string;
  readonly FunctionArn: string;
  readonly Action: 'created' | 'updated' | 'unchanged';
}

/** What CloudFormation sets for a property the template leaves out (docs/lambda-facts.md#function-configuration). */
interface DesiredConfiguration {
  readonly Runtime: string;
  readonly Handler: string;
  readonly Description: string;
  readonly Timeout: number;
  readonly MemorySize: number;
  readonly Environment: { readonly Variables: Readonly<Record<string, string>> };
  readonly Layers: readonly string[];
  readonly EphemeralStorage: { readonly Size: number };
}

function desired(fn: TemplateFunction, layers: readonly string[]): DesiredConfiguration {
  return {
    Runtime: fn.runtime,
    Handler: fn.handler,
    Description: fn.description ?? '',
    Timeout: fn.timeout ?? 3,
    MemorySize: fn.memorySize ?? 128,
    Environment: { Variables: fn.environment ?? {} },
    Layers: layers,
    EphemeralStorage: { Size: fn.ephemeralStorageMb ?? 512 },
  };
}

function current(configuration: FunctionConfiguration): DesiredConfiguration {
  return {
    Runtime: configuration.Runtime,
    Handler: configuration.Handler,
    Description: configuration.Description,
    Timeout: configuration.Timeout,
    MemorySize: configuration.MemorySize,
    Environment: { Variables: configuration.Environment?.Variables ?? {} },
    Layers: (configuration.Layers ?? []).map((layer) => layer.Arn),
    EphemeralStorage: configuration.EphemeralStorage,
  };
}

/** Creates the function, or updates its code and configuration where they differ, as a stack update would. */
export async function deployFunction(api: LambdaApi, fn: TemplateFunction, layers: readonly string[]): Promise<FunctionOutcome> {
  const { zip, codeSha256 } = await contentZip(fn.code);
  const wanted = desired(fn, layers);
  const existing = findExisting(api, fn.functionName);
  const outcome = (configuration: FunctionConfiguration, action: FunctionOutcome['Action']): FunctionOutcome => ({
    LogicalId: fn.logicalId,
    FunctionName: configuration.FunctionName,
    FunctionArn: configuration.FunctionArn,
    Action: action,
  });
  if (existing === undefined) {
    const created = await api.createFunction(
      omitUndefined({ FunctionName: fn.functionName, Code: { ZipFile: zip }, Architectures: fn.architectures, ...wanted }),
    );
    await settled(api, fn.functionName);
    return outcome(created, 'created');
  }
  const architecture = fn.architectures ?? ['x86_64'];
  const codeChanged = existing.CodeSha256 !== codeSha256 || JSON.stringify(existing.Architectures) !== JSON.stringify(architecture);
  if (codeChanged) {
    await api.updateFunctionCode({ FunctionName: fn.functionName, ZipFile: zip, Architectures: architecture });
    await settled(api, fn.functionName);
  }
  const configurationChanged = JSON.stringify(current(existing)) !== JSON.stringify(wanted);
  if (configurationChanged) {
    await api.updateFunctionConfiguration({ FunctionName: fn.functionName, ...wanted });
    await settled(api, fn.functionName);
  }
  const changed = codeChanged || configurationChanged;
  return outcome(changed ? api.getFunctionConfiguration({ FunctionName: fn.functionName }) : existing, changed ? 'updated' : 'unchanged');
}

function findExisting(api: LambdaApi, functionName: string): FunctionConfiguration | undefined {
  try {
    return api.getFunctionConfiguration({ FunctionName: functionName });
  } catch (error) {
    if (error instanceof LsimError && error.code === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

const SETTLE_POLL_MS = 25;

/**
 * CloudFormation waits for a function to be Active and its update Successful before going on; so does
 * deploy, which lets the next update (and the user's first invoke) find it ready rather than in conflict.
 */
async function settled(api: LambdaApi, functionName: string): Promise<void> {
  for (;;) {
    const configuration = api.getFunctionConfiguration({ FunctionName: functionName });
    if (configuration.State !== 'Pending' && configuration.LastUpdateStatus !== 'InProgress') return;
    await sleep(SETTLE_POLL_MS);
  }
}
