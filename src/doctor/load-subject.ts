import { architectureFlag, functionArchitecture } from '../runtimes/architecture.js';
import { resolve } from 'node:path';
import { LsimError } from '../common/errors.js';
import type { ExtractionCache } from '../execution/extraction-cache.js';
import type { LayerVersionResponse, ResolvedFunction } from '../registry/api-types.js';
import type { LambdaApi } from '../registry/lambda-api.js';
import { isSupportedRuntime, type RuntimeId } from '../runtimes/runtime-catalogue.js';
import type { DoctorArchitecture, DoctorSubject, TreeSource } from './doctor-subject.js';
import { loadTreeSource } from './tree/load-tree-source.js';
import { codeSha256Hex, isLayerVersionArn, storedLayerVersion } from '../registry/stored-layer-version.js';

export interface DoctorDeps {
  readonly cache: ExtractionCache;
  /** LSIM_HOME, where the blob store keeps layer zips. */
  readonly home: string;
  readonly api: () => Promise<LambdaApi>;
}

/** A registered function: its code and layers from the blob store, deleted layer versions too. */
export async function subjectForFunction(
  resolved: ResolvedFunction,
  deps: DoctorDeps,
  imports?: readonly string[],
): Promise<DoctorSubject> {
  const configuration = resolved.configuration;
  const runtime = doctorRuntime(configuration.Runtime);
  const code = await loadTreeSource(`function code of ${configuration.FunctionName}`, resolved.codeZipPath, deps.cache);
  const api = await deps.api();
  const layers: TreeSource[] = [];
  for (const layer of resolved.layers) {
    // A deleted version keeps working for the function but has no metadata left to read.
    const version = tryGetLayerVersion(api, layer.arn);
    layers.push(
      await loadTreeSource(layer.arn, layer.zipPath, deps.cache, {
        sha256Hex: codeSha256Hex(layer.codeSha256),
        ...layerMetadata(layer.arn, version),
      }),
    );
  }
  return {
    runtime,
    architecture: functionArchitecture(configuration.Architectures),
    handler: configuration.Handler,
    userEnv: configuration.Environment?.Variables ?? {},
    code,
    layers,
    imports,
  };
}

export interface AdHocDoctorInput {
  readonly runtime: string;
  readonly architecture?: string | undefined;
  readonly handler?: string | undefined;
  /** A folder or a zip; optional, so layer authors can check layers alone. */
  readonly code?: string | undefined;
  /** Zips, folders or layer version ARNs, in Layers order. */
  readonly layers: readonly string[];
  readonly environment?: Readonly<Record<string, string>> | undefined;
  readonly imports?: readonly string[] | undefined;
}

/** `lsim doctor --runtime R [--code X] --layer Y...`: paths resolve against `cwd`. */
export async function subjectAdHoc(input: AdHocDoctorInput, deps: DoctorDeps, cwd: string): Promise<DoctorSubject> {
  const runtime = doctorRuntime(input.runtime);
  const architecture = doctorArchitecture(input.architecture);
  const code = input.code === undefined ? undefined : await loadTreeSource(input.code, resolve(cwd, input.code), deps.cache);
  const layers: TreeSource[] = [];
  for (const layer of input.layers) {
    if (!isLayerVersionArn(layer)) {
      layers.push(await loadTreeSource(layer, resolve(cwd, layer), deps.cache));
      continue;
    }
    const stored = storedLayerVersion(await deps.api(), deps.home, layer);
    layers.push(
      await loadTreeSource(layer, stored.zipPath, deps.cache, { sha256Hex: stored.sha256Hex, ...layerMetadata(layer, stored.version) }),
    );
  }
  return { runtime, architecture, handler: input.handler, userEnv: input.environment ?? {}, code, layers, imports: input.imports };
}

function tryGetLayerVersion(api: LambdaApi, arn: string): LayerVersionResponse | undefined {
  try {
    return api.getLayerVersionByArn({ Arn: arn });
  } catch {
    return undefined;
  }
}

function layerMetadata(
  arn: string,
  version: LayerVersionResponse | undefined,
): {
  layerVersionArn: string;
  compatibleRuntimes?: readonly string[] | undefined;
  compatibleArchitectures?: readonly string[] | undefined;
} {
  return {
    layerVersionArn: arn,
    compatibleRuntimes: version?.CompatibleRuntimes,
    compatibleArchitectures: version?.CompatibleArchitectures,
  };
}

function doctorRuntime(runtime: string): RuntimeId {
  if (isSupportedRuntime(runtime)) return runtime;
  throw new LsimError(
    'ParamValidation',
    `lsim doctor cannot check the runtime ${runtime}: it knows nodejs18.x to 22.x, python3.9 to 3.13, ruby3.2, ruby3.3, java11/17/21 and provided.al2/al2023.`,
  );
}

const doctorArchitecture = (value: string | undefined): DoctorArchitecture => architectureFlag(value);
