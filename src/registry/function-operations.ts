import { randomUUID } from 'node:crypto';
import { functionArn } from '../common/arn.js';
import type { LsimConfig } from '../common/config.js';
import { invalidParameter, LsimError, notFound } from '../common/errors.js';
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
import { intakeZip, type IntakenZip } from './code-intake.js';
import { contentLocation } from './content-location.js';
import type { Db } from './database.js';
import { toFunctionConfiguration } from './function-configuration.js';
import { parseFunctionName } from './function-name.js';
import { checkArchitectures, validateFunctionSettings } from './function-validation.js';
import type { FunctionLayerRecord, FunctionRecord, Functions, Owner } from './functions.js';
import { resolveLayerReferences } from './layer-references.js';
import type { LayerPermissions } from './layer-permissions.js';
import type { LayerVersions } from './layer-versions.js';
import { decodeMarker, pageSize, paginate } from './pagination.js';
import { ValidationErrors } from './validation.js';

/** ListFunctions' MaxItems range in the model is 1–10000; its default page size is undocumented. */
const MAX_LIST_FUNCTIONS = 10_000;
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
  ) {
    this.owner = { accountId: config.accountId, region: config.region };
  }

  async create(request: CreateFunctionRequest): Promise<FunctionConfiguration> {
    const { name } = parseFunctionName(request.FunctionName, false);
    validateFunctionSettings(request);
    if (this.functions.get(this.owner, name) !== undefined) throw conflict(name);
    const layerArns = request.Layers ?? [];
    this.resolveLayers(layerArns); // fail fast, before copying the zip
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
            runtime: request.Runtime,
            // Lambda requires a Role; lsim runs nothing under IAM, so it invents a recognisable one.
            role: request.Role ?? `arn:aws:iam::${this.config.accountId}:role/lsim-${name}`,
            handler: request.Handler,
            description: request.Description ?? '',
            timeout: request.Timeout ?? 3,
            memorySize: request.MemorySize ?? 128,
            environment: request.Environment === undefined ? undefined : { ...(request.Environment.Variables ?? {}) },
            architectures: [...(request.Architectures ?? ['x86_64'])],
            ephemeralStorage: request.EphemeralStorage?.Size ?? 512,
            ...codeFields(zip),
            lastModified: lambdaDate(new Date()),
            revisionId: randomUUID(),
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
    const record = this.find(ref);
    return {
      Configuration: toFunctionConfiguration(record, 'settled'),
      // botocore's FunctionCodeLocation order, which the aws CLI prints (docs/lambda-facts.md#member-order).
      Code: { RepositoryType: 'S3', Location: contentLocation(record.blobKey) },
    };
  }

  getConfiguration(ref: FunctionRef): FunctionConfiguration {
    return toFunctionConfiguration(this.find(ref), 'settled');
  }

  list(request: ListFunctionsRequest): ListFunctionsResponse {
    const limit = pageSize(request.MaxItems, MAX_LIST_FUNCTIONS, DEFAULT_LIST_FUNCTIONS);
    const after = decodeMarker<string>(request.Marker, 'string');
    const { page, nextMarker } = paginate(this.functions.list(this.owner, after, limit + 1), limit, (row) => row.name);
    const items = page.map((record) => toFunctionConfiguration(record, 'settled'));
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
        revisionId: randomUUID(),
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
          ...codeFields(zip),
          architectures: request.Architectures === undefined ? existing.architectures : [...request.Architectures],
          lastModified: lambdaDate(new Date()),
          revisionId: randomUUID(),
        };
      }),
    );
    return toFunctionConfiguration(record, 'updated');
  }

  delete(ref: FunctionRef): void {
    const { name } = this.parseRef(ref);
    if (!this.functions.delete(this.owner, name)) throw this.functionNotFound(name, ref.Qualifier);
  }

  resolve(ref: FunctionRef): ResolvedFunction {
    const record = this.find(ref);
    return {
      configuration: toFunctionConfiguration(record, 'settled'),
      codeZipPath: this.store.pathOf(record.blobKey),
      layers: record.layers.map((layer) => ({
        arn: layer.arn,
        codeSha256: layer.codeSha256,
        zipPath: this.store.pathOf(layer.blobKey),
      })),
    };
  }

  private find(ref: FunctionRef): FunctionRecord {
    const { name, qualifier } = this.parseRef(ref);
    const record = this.functions.get(this.owner, name);
    // Only $LATEST exists: lsim does not publish function versions or aliases.
    if (record === undefined || (qualifier !== undefined && qualifier !== '$LATEST')) {
      throw this.functionNotFound(name, qualifier);
    }
    return record;
  }

  private parseRef(ref: FunctionRef): { name: string; qualifier: string | undefined } {
    const parsed = parseFunctionName(ref.FunctionName, true);
    return { name: parsed.name, qualifier: ref.Qualifier ?? parsed.qualifier };
  }

  private current(record: FunctionRecord | undefined, name: string, revisionId: string | undefined): FunctionRecord {
    if (record === undefined) throw this.functionNotFound(name, undefined);
    if (revisionId !== undefined && revisionId !== record.revisionId) {
      throw new LsimError(
        'PreconditionFailedException',
        'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
      );
    }
    return record;
  }

  private resolveLayers(arns: readonly string[]): FunctionLayerRecord[] {
    return resolveLayerReferences(arns, this.config, this.versions, this.permissions);
  }

  private functionNotFound(name: string, qualifier: string | undefined): LsimError {
    return notFound(`Function not found: ${functionArn(this.config.region, this.config.accountId, name, qualifier)}`);
  }
}

function conflict(name: string): LsimError {
  return new LsimError('ResourceConflictException', `Function already exist: ${name}`);
}

function codeFields(zip: IntakenZip): Pick<FunctionRecord, 'blobKey' | 'codeSha256' | 'codeSize' | 'unzippedSize' | 'entries'> {
  return {
    blobKey: zip.blobKey,
    codeSha256: zip.inspection.codeSha256,
    codeSize: zip.inspection.codeSize,
    unzippedSize: zip.inspection.unzippedSize,
    entries: zip.inspection.entries,
  };
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
