import type { LsimConfig } from '../common/config.js';
import { invalidParameter, LsimError } from '../common/errors.js';
import { lambdaDate } from '../common/lambda-date.js';
import { MAX_UNZIPPED_BYTES } from '../archive/types.js';
import type {
  CreateFunctionRequest,
  FunctionConfiguration,
  FunctionRef,
  GetFunctionResponse,
  ListFunctionsRequest,
  ListFunctionsResponse,
  ResolvedFunction,
  UpdateFunctionCodeRequest,
  UpdateFunctionConfigurationRequest,
} from './api-types.js';
import type { BlobStore } from './blob-store.js';
import { intakeZip, storedCode } from './code-intake.js';
import { contentLocation } from './content-location.js';
import type { Db } from './database.js';
import { toFunctionConfiguration } from './function-configuration.js';
import { parseFunctionName } from './function-name.js';
import type { FunctionAliases } from './function-aliases.js';
import { checkNotBusy, checkRevision, pendingConflict, startWindow, viewOf } from './function-state.js';
import type { FunctionTarget, FunctionTargets } from './function-targets.js';
import type { FunctionVersions } from './function-versions.js';
import { checkArchitectures, validateFunctionSettings } from './function-validation.js';
import type { FunctionLayerRecord, FunctionRecord, Functions, Owner } from './functions.js';
import { resolveLayerReferences } from './layer-references.js';
import type { LayerPermissions } from './layer-permissions.js';
import type { LayerVersions } from './layer-versions.js';
import { decodeMarker, pageSize, paginate } from './pagination.js';
import { formatList, ValidationErrors } from './validation.js';

/** ListFunctions' default page size is undocumented (its 1–10000 range is in shapes/). */
const DEFAULT_LIST_FUNCTIONS = 50;

/** The function operations of the Lambda API, plus what the execution plane needs to run one. */
export class FunctionOperations {
  private readonly owner: Owner;

  constructor(
    private readonly config: LsimConfig,
    private readonly db: Db,
    private readonly store: BlobStore,
    private readonly functions: Functions,
    private readonly versions: LayerVersions,
    private readonly permissions: LayerPermissions,
    private readonly targets: FunctionTargets,
    private readonly functionVersions: FunctionVersions,
    private readonly aliases: FunctionAliases,
  ) {
    this.owner = { accountId: config.accountId, region: config.region };
  }

  async create(request: CreateFunctionRequest): Promise<FunctionConfiguration> {
    const { name } = parseFunctionName(request.FunctionName, false);
    validateFunctionSettings(request);
    const { Runtime: runtime, Handler: handler } = request;
    // docs/lambda-facts.md#error-messages
    if (runtime === undefined || handler === undefined) {
      throw invalidParameter('Runtime and Handler are mandatory parameters for functions created with deployment packages.');
    }
    const layerArns = request.Layers ?? [];
    // Layer errors win over a taken name, as on Lambda; both fail fast, before copying the zip.
    this.resolveLayers(layerArns);
    if (this.functions.get(this.owner, name) !== undefined) throw conflict(name);
    const record = await intakeZip(this.store, this.config.home, request.Code, 'code', (zip) =>
      this.db
        .transaction(() => {
          // Resolved again under the write lock: a version deleted meanwhile must not be attached.
          const layers = this.resolveLayers(layerArns);
          checkCombinedSize(zip.inspection.unzippedSize, layers);
          zip.commit();
          const next: FunctionRecord = {
            ...this.owner,
            name,
            runtime,
            // Lambda requires a Role; lsim runs nothing under IAM, so it invents a recognisable one.
            role: request.Role ?? `arn:aws:iam::${this.config.accountId}:role/lsim-${name}`,
            handler,
            description: request.Description ?? '',
            timeout: request.Timeout ?? 3,
            memorySize: request.MemorySize ?? 128,
            environment: request.Environment === undefined ? undefined : { ...(request.Environment.Variables ?? {}) },
            architectures: [...(request.Architectures ?? ['x86_64'])],
            ephemeralStorage: request.EphemeralStorage?.Size ?? 512,
            ...storedCode(zip),
            lastModified: lambdaDate(new Date()),
            ...startWindow('created', this.config.updateDelayMs),
            lastVersion: 0,
            layers,
          };
          if (!this.functions.insert(next)) throw conflict(name);
          return next;
        })
        .immediate(),
    );
    return toFunctionConfiguration(record, 'created');
  }

  get(ref: FunctionRef): GetFunctionResponse {
    const target = this.targets.resolve(ref);
    return {
      Configuration: configurationOf(target),
      // botocore's FunctionCodeLocation order, which the aws CLI prints (docs/lambda-facts.md#member-order).
      Code: { RepositoryType: 'S3', Location: contentLocation(target.record.blobKey) },
    };
  }

  getConfiguration(ref: FunctionRef): FunctionConfiguration {
    return configurationOf(this.targets.resolve(ref));
  }

  list(request: ListFunctionsRequest): ListFunctionsResponse {
    const limit = pageSize(request.MaxItems, DEFAULT_LIST_FUNCTIONS);
    const after = decodeMarker<string>(request.Marker, 'string');
    const { page, nextMarker } = paginate(this.functions.list(this.owner, after, limit + 1), limit, (row) => row.name);
    const items = page.map((record) => {
      const view = viewOf(record);
      return toFunctionConfiguration(record, view.moment, undefined, view.revisionId);
    });
    return nextMarker === undefined ? { Functions: items } : { Functions: items, NextMarker: nextMarker };
  }

  async updateConfiguration(request: UpdateFunctionConfigurationRequest): Promise<FunctionConfiguration> {
    const { name } = parseFunctionName(request.FunctionName, false);
    validateFunctionSettings(request);
    const record = this.functions.update(this.owner, name, (current) => {
      const existing = this.current(current, name, request.RevisionId);
      // Layers replaces the whole list ([] removes all); absent keeps the list, deleted versions included.
      const layers = request.Layers === undefined ? existing.layers : this.resolveLayers(request.Layers);
      checkCombinedSize(existing.unzippedSize, layers);
      return {
        ...existing,
        runtime: request.Runtime ?? existing.runtime,
        handler: request.Handler ?? existing.handler,
        role: request.Role ?? existing.role,
        description: request.Description ?? existing.description,
        timeout: request.Timeout ?? existing.timeout,
        memorySize: request.MemorySize ?? existing.memorySize,
        // Environment replaces the whole map (docs/lambda-facts.md#function-configuration).
        environment: request.Environment === undefined ? existing.environment : { ...(request.Environment.Variables ?? {}) },
        ephemeralStorage: request.EphemeralStorage?.Size ?? existing.ephemeralStorage,
        layers,
        lastModified: lambdaDate(new Date()),
        ...startWindow('updated', this.config.updateDelayMs),
      };
    });
    return toFunctionConfiguration(record, 'updated');
  }

  async updateCode(request: UpdateFunctionCodeRequest): Promise<FunctionConfiguration> {
    const { name } = parseFunctionName(request.FunctionName, false);
    if (request.Architectures !== undefined) {
      const errors = new ValidationErrors();
      checkArchitectures(request.Architectures, errors);
      errors.throwIfAny();
    }
    this.current(this.functions.get(this.owner, name), name, undefined); // fail fast, before copying the zip
    const source = {
      ZipFile: request.ZipFile,
      ZipFilePath: request.ZipFilePath,
      S3Bucket: request.S3Bucket,
      S3Key: request.S3Key,
      S3ObjectVersion: request.S3ObjectVersion,
    };
    const record = await intakeZip(this.store, this.config.home, source, '', (zip) =>
      this.functions.update(this.owner, name, (current) => {
        const existing = this.current(current, name, request.RevisionId);
        checkCombinedSize(zip.inspection.unzippedSize, existing.layers);
        zip.commit();
        return {
          ...existing,
          ...storedCode(zip),
          architectures: request.Architectures === undefined ? existing.architectures : [...request.Architectures],
          lastModified: lambdaDate(new Date()),
          ...startWindow('updated', this.config.updateDelayMs),
        };
      }),
    );
    return toFunctionConfiguration(record, 'updated');
  }

  /**
   * Without a qualifier, the function with every version and alias; with a version number, that
   * version (docs/lambda-facts.md#function-versions-and-aliases).
   */
  delete(ref: FunctionRef): void {
    const { name, qualifier } = this.targets.parse(ref);
    if (qualifier === undefined) {
      if (!this.functions.delete(this.owner, name)) throw this.functionNotFound(name, undefined);
      return;
    }
    if (qualifier === '$LATEST') throw invalidParameter('$LATEST version cannot be deleted without deleting the function.');
    if (!/^[0-9]+$/.test(qualifier)) throw invalidParameter('Deletion of aliases is not currently supported.');
    this.db
      .transaction(() => {
        if (this.functions.get(this.owner, name) === undefined) throw this.functionNotFound(name, undefined);
        const referencing = this.aliases.referencing(this.owner, name, qualifier);
        if (referencing.length > 0) {
          throw new LsimError(
            'ResourceConflictException',
            `Unable to delete version because the following aliases reference it: ${formatList(referencing)}`,
          );
        }
        // Deleting a version that does not exist succeeds, as LocalStack does (unconfirmed on AWS).
        this.functionVersions.delete(this.owner, name, Number(qualifier));
      })
      .immediate();
  }

  /**
   * What an invoke runs: the version the reference names (an alias's weights choose between its two
   * versions). A Pending $LATEST is refused as Lambda refuses it (docs/lambda-facts.md#function-states).
   */
  resolve(ref: FunctionRef): ResolvedFunction {
    const { target, drawn } = this.routed(this.targets.resolve(ref));
    if (target.version === '$LATEST' && target.moment === 'created') throw pendingConflict();
    const record = target.record;
    return {
      ...(drawn ? { drawn } : {}),
      configuration: configurationOf(target),
      codeZipPath: this.store.pathOf(record.blobKey),
      layers: record.layers.map((layer) => ({
        arn: layer.arn,
        codeSha256: layer.codeSha256,
        zipPath: this.store.pathOf(layer.blobKey),
      })),
    };
  }

  /** An alias with AdditionalVersionWeights sends that share of invokes to its second version. */
  private routed(target: FunctionTarget): { target: FunctionTarget; drawn: boolean } {
    const qualifier = target.shown.qualifier;
    if (qualifier === undefined || /^[0-9]+$/.test(qualifier) || qualifier === '$LATEST') return { target, drawn: false };
    const weights = Object.entries(this.aliases.get(this.owner, target.name, qualifier)?.weights ?? {});
    const random = Math.random();
    let threshold = 0;
    for (const [version, weight] of weights) {
      threshold += weight;
      if (random < threshold) return { target: this.targets.versionTarget(target.name, Number(version), qualifier), drawn: true };
    }
    return { target, drawn: weights.length > 0 };
  }

  /** The function about to change: it must exist, be out of its window and match `revisionId`. */
  private current(record: FunctionRecord | undefined, name: string, revisionId: string | undefined): FunctionRecord {
    if (record === undefined) throw this.functionNotFound(name, undefined);
    checkNotBusy(record);
    checkRevision(revisionId, viewOf(record).revisionId);
    return record;
  }

  private resolveLayers(arns: readonly string[]): FunctionLayerRecord[] {
    return resolveLayerReferences(arns, this.config, this.versions, this.permissions);
  }

  private functionNotFound(name: string, qualifier: string | undefined): LsimError {
    return this.targets.notFound(name, qualifier);
  }
}

function configurationOf(target: FunctionTarget): FunctionConfiguration {
  return toFunctionConfiguration(target.record, target.moment, target.shown, target.revisionId);
}

function conflict(name: string): LsimError {
  return new LsimError('ResourceConflictException', `Function already exist: ${name}`);
}

/** Function code plus every layer, unzipped, within 250 MB (real inflated sizes from inspection). */
function checkCombinedSize(functionUnzipped: number, layers: readonly FunctionLayerRecord[]): void {
  const total = layers.reduce((sum, layer) => sum + layer.unzippedSize, functionUnzipped);
  if (total > MAX_UNZIPPED_BYTES) {
    throw invalidParameter(
      `Function code combined with layers exceeds the maximum allowed size of ${MAX_UNZIPPED_BYTES} bytes. The actual size is ${total} bytes.`,
    );
  }
}
