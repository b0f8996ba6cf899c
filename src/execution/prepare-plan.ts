import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { LsimConfig } from '../common/config.js';
import { functionArn } from '../common/arn.js';
import { environmentFault } from '../common/environment-fault.js';
import { LsimError, invalidParameter } from '../common/errors.js';
import type { ResolvedFunction } from '../registry/api-types.js';
import type { LambdaApi } from '../registry/lambda-api.js';
import { checkEnvironmentValues } from '../registry/function-validation.js';
import { checkLayerCount } from '../registry/layer-references.js';
import { codeSha256Hex, isLayerVersionArn, storedLayerVersion } from '../registry/stored-layer-version.js';
import { architectureFlag, functionArchitecture } from '../runtimes/architecture.js';
import { findReservedKeys, reservedKeysError } from '../runtimes/reserved-env.js';
import { userImageFor } from '../runtimes/aws-base-image.js';
import { isSupportedRuntime, type RuntimeId } from '../runtimes/runtime-catalogue.js';
import type { ExtractionCache } from './extraction-cache.js';
import type { ExecutionPlan } from './execution-plan.js';

/** Lambda's defaults for what the ad-hoc form does not say (docs/lambda-facts.md#function-configuration, "Defaults echoed"). */
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_MB = 128;
const DEFAULT_EPHEMERAL_MB = 512;

/** A registered function: its code and layers come from the blob store, deleted layer versions too. */
export async function planForFunction(resolved: ResolvedFunction, config: LsimConfig, cache: ExtractionCache): Promise<ExecutionPlan> {
  const configuration = resolved.configuration;
  const runtime = supportedRuntime(configuration.Runtime);
  const codeDir = await storedTree(
    cache,
    resolved.codeZipPath,
    configuration.CodeSha256,
    `The code of function ${configuration.FunctionArn}`,
  );
  const layerDirs: string[] = [];
  for (const layer of resolved.layers) {
    layerDirs.push(await storedTree(cache, layer.zipPath, layer.codeSha256, `Layer version ${layer.arn}`));
  }
  return {
    runtime,
    architecture: functionArchitecture(configuration.Architectures),
    handler: configuration.Handler,
    functionName: configuration.FunctionName,
    functionArn: configuration.FunctionArn,
    version: configuration.Version,
    memoryMb: configuration.MemorySize,
    timeoutSeconds: configuration.Timeout,
    ephemeralStorageMb: configuration.EphemeralStorage.Size,
    region: config.region,
    accountId: config.accountId,
    userEnv: configuration.Environment?.Variables ?? {},
    codeDir,
    layerDirs,
    imageOverride: userImageFor(config, runtime),
    logGroup: configuration.LoggingConfig.LogGroup,
  };
}

export interface AdHocFunction {
  readonly runtime: string;
  /** `--architectures`: x86_64 (default) or arm64. */
  readonly architecture?: string | undefined;
  readonly handler: string;
  /** A folder (mounted as it is) or a zip (extracted once into the cache). */
  readonly code: string;
  /** Zips, folders or layer version ARNs, in the order Lambda would apply them. */
  readonly layers: readonly string[];
  readonly environment?: Readonly<Record<string, string>> | undefined;
  readonly timeoutSeconds?: number | undefined;
  readonly memoryMb?: number | undefined;
  readonly ephemeralStorageMb?: number | undefined;
  readonly functionName?: string | undefined;
}

/**
 * `lsim invoke --runtime R --handler H --code X --layer Y...`: reproduce a path bug without
 * registering anything. The same limits and reserved-variable rules apply as for a real function.
 */
export async function planAdHoc(
  input: AdHocFunction,
  config: LsimConfig,
  cache: ExtractionCache,
  cwd: string,
  api: () => Promise<LambdaApi>,
): Promise<ExecutionPlan> {
  const runtime = supportedRuntime(input.runtime);
  const userEnv = input.environment ?? {};
  const reserved = findReservedKeys(userEnv);
  if (reserved.length > 0) throw reservedKeysError(reserved);
  checkEnvironmentValues(userEnv);
  checkLayerCount(input.layers.length);
  const codeDir = await treeOf(resolve(cwd, input.code), cache, '--code');
  const layerDirs: string[] = [];
  for (const layer of input.layers) {
    if (isLayerVersionArn(layer)) {
      const stored = storedLayerVersion(await api(), config.home, layer);
      layerDirs.push(await storedTree(cache, stored.zipPath, stored.version.Content.CodeSha256, `Layer version ${layer}`));
    } else {
      layerDirs.push(await treeOf(resolve(cwd, layer), cache, '--layer'));
    }
  }
  const functionName = input.functionName ?? 'lsim-adhoc';
  return {
    runtime,
    architecture: architectureFlag(input.architecture),
    handler: input.handler,
    functionName,
    functionArn: functionArn(config.region, config.accountId, functionName),
    version: '$LATEST',
    memoryMb: input.memoryMb ?? DEFAULT_MEMORY_MB,
    timeoutSeconds: input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    ephemeralStorageMb: input.ephemeralStorageMb ?? DEFAULT_EPHEMERAL_MB,
    region: config.region,
    accountId: config.accountId,
    userEnv,
    codeDir,
    layerDirs,
    imageOverride: userImageFor(config, runtime),
  };
}

function supportedRuntime(runtime: string): RuntimeId {
  if (isSupportedRuntime(runtime)) return runtime;
  throw invalidParameter(
    `lsim cannot run the runtime ${runtime}: it runs nodejs18.x, nodejs20.x, nodejs22.x, python3.9 to python3.13, ` +
      'ruby3.2, ruby3.3, java11, java17, java21, provided.al2 and provided.al2023.',
  );
}

async function treeOf(path: string, cache: ExtractionCache, flag: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new LsimError('ParamValidation', `${flag}: no such file or directory: ${path}`);
  return info.isDirectory() ? path : cache.ensure(path);
}

/**
 * The extracted tree of a zip of the blob store, checked against its CodeSha256 on extraction. A
 * corrupt or missing blob, a full disk: an EnvironmentFault naming the function or layer version
 * (`what`), since every invoke of it fails the same way until it is republished or the disk fixed.
 */
async function storedTree(cache: ExtractionCache, zipPath: string, codeSha256: string, what: string): Promise<string> {
  try {
    return await cache.ensure(zipPath, codeSha256Hex(codeSha256));
  } catch (error) {
    const fault = environmentFault(error);
    if (fault === undefined) throw error;
    throw new LsimError('EnvironmentFault', `${what} cannot run: ${lowerFirst(fault.message)}`, { cause: error });
  }
}

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
