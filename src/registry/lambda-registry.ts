import type { LsimConfig } from '../common/config.js';
import type {
  AddLayerVersionPermissionRequest,
  AliasConfiguration,
  AliasRef,
  CreateAliasRequest,
  GetAccountSettingsResponse,
  ListAliasesRequest,
  ListAliasesResponse,
  ListVersionsByFunctionRequest,
  ListVersionsByFunctionResponse,
  PublishVersionRequest,
  UpdateAliasRequest,
  AddLayerVersionPermissionResponse,
  CreateFunctionRequest,
  FunctionConfiguration,
  FunctionRef,
  GetFunctionResponse,
  GetLayerVersionPolicyResponse,
  LayerVersionRef,
  LayerVersionResponse,
  ListFilter,
  ListFunctionsRequest,
  ListFunctionsResponse,
  ListLayerVersionsResponse,
  ListLayersResponse,
  PublishLayerVersionRequest,
  RemoveLayerVersionPermissionRequest,
  ResolvedFunction,
  UpdateFunctionCodeRequest,
  UpdateFunctionConfigurationRequest,
} from './api-types.js';
import { accountSettings } from './account-settings.js';
import { AliasOperations } from './alias-operations.js';
import { BlobStore } from './blob-store.js';
import { openDatabase, type Db } from './database.js';
import { FunctionOperations } from './function-operations.js';
import { FunctionAliases } from './function-aliases.js';
import { FunctionTargets } from './function-targets.js';
import { FunctionVersions } from './function-versions.js';
import { Functions } from './functions.js';
import { collectGarbage } from './garbage-collector.js';
import type { LambdaApi } from './lambda-api.js';
import { LayerOperations } from './layer-operations.js';
import { LayerPermissions } from './layer-permissions.js';
import { LayerVersions } from './layer-versions.js';
import { VersionOperations } from './version-operations.js';
import { decodeRequest } from './shapes/decode-request.js';

export interface RegistryOptions {
  /**
   * Temp files younger than this are left by collectGarbage: they may belong to an intake in
   * another process that is still inspecting its copy. Default one hour.
   */
  readonly tempGraceMs?: number;
}

const DEFAULT_TEMP_GRACE_MS = 60 * 60 * 1000;

/**
 * The Lambda control plane on SQLite (`<home>/registry.db`) and a content-addressed blob store
 * (`<home>/blobs`). Safe to use from several processes on one home at once.
 */
export class LambdaRegistry implements LambdaApi {
  // Every operation decodes its input against its shape first (shapes/): a library caller's
  // `Description: 12345` is refused exactly as an HTTP caller's is.
  private readonly layers: LayerOperations;
  private readonly functionOps: FunctionOperations;
  private readonly versionOps: VersionOperations;
  private readonly aliasOps: AliasOperations;
  private readonly settings: () => GetAccountSettingsResponse;
  private readonly garbage: () => number;

  private constructor(
    private readonly db: Db,
    config: LsimConfig,
    options: RegistryOptions,
  ) {
    const store = new BlobStore(config.home);
    const versions = new LayerVersions(db);
    const permissions = new LayerPermissions(db);
    const functions = new Functions(db);
    this.layers = new LayerOperations(config, db, store, versions, permissions);
    const functionVersions = new FunctionVersions(db);
    const aliases = new FunctionAliases(db);
    const targets = new FunctionTargets(config, functions, functionVersions, aliases);
    this.functionOps = new FunctionOperations(config, db, store, functions, versions, permissions, targets, functionVersions, aliases);
    this.versionOps = new VersionOperations(db, functions, functionVersions, targets);
    this.aliasOps = new AliasOperations(config, db, functions, functionVersions, aliases, targets);
    this.settings = () => accountSettings(db, targets.owner);
    const grace = options.tempGraceMs ?? DEFAULT_TEMP_GRACE_MS;
    this.garbage = () => collectGarbage(db, store, versions, functions, grace);
  }

  static open(config: LsimConfig, options: RegistryOptions = {}): LambdaRegistry {
    return new LambdaRegistry(openDatabase(config.home), config, options);
  }

  async publishLayerVersion(request: PublishLayerVersionRequest): Promise<LayerVersionResponse> {
    return this.layers.publish(decodeRequest('PublishLayerVersion', request));
  }

  listLayers(request: ListFilter): ListLayersResponse {
    return this.layers.list(decodeRequest('ListLayers', request));
  }

  listLayerVersions(request: ListFilter & { readonly LayerName: string }): ListLayerVersionsResponse {
    return this.layers.listVersions(decodeRequest('ListLayerVersions', request));
  }

  getLayerVersion(request: LayerVersionRef): LayerVersionResponse {
    return this.layers.get(decodeRequest('GetLayerVersion', request));
  }

  getLayerVersionByArn(request: { readonly Arn: string }): LayerVersionResponse {
    return this.layers.getByArn(decodeRequest('GetLayerVersionByArn', request).Arn);
  }

  deleteLayerVersion(request: LayerVersionRef): void {
    this.layers.delete(decodeRequest('DeleteLayerVersion', request));
  }

  addLayerVersionPermission(request: AddLayerVersionPermissionRequest): AddLayerVersionPermissionResponse {
    return this.layers.addPermission(decodeRequest('AddLayerVersionPermission', request));
  }

  removeLayerVersionPermission(request: RemoveLayerVersionPermissionRequest): void {
    this.layers.removePermission(decodeRequest('RemoveLayerVersionPermission', request));
  }

  getLayerVersionPolicy(request: LayerVersionRef): GetLayerVersionPolicyResponse {
    return this.layers.getPolicy(decodeRequest('GetLayerVersionPolicy', request));
  }

  async createFunction(request: CreateFunctionRequest): Promise<FunctionConfiguration> {
    const decoded = decodeRequest('CreateFunction', request);
    const created = await this.functionOps.create(decoded);
    if (decoded.Publish !== true) return created;
    // Lambda answers with $LATEST's configuration, unqualified ARN included, and Version 1.
    const published = this.versionOps.publish({ FunctionName: created.FunctionName }, true);
    return { ...created, Version: published.Version };
  }

  getFunction(request: FunctionRef): GetFunctionResponse {
    return this.functionOps.get(decodeRequest('GetFunction', request));
  }

  getFunctionConfiguration(request: FunctionRef): FunctionConfiguration {
    return this.functionOps.getConfiguration(decodeRequest('GetFunctionConfiguration', request));
  }

  listFunctions(request: ListFunctionsRequest): ListFunctionsResponse {
    return this.functionOps.list(decodeRequest('ListFunctions', request));
  }

  async updateFunctionConfiguration(request: UpdateFunctionConfigurationRequest): Promise<FunctionConfiguration> {
    return this.functionOps.updateConfiguration(decodeRequest('UpdateFunctionConfiguration', request));
  }

  async updateFunctionCode(request: UpdateFunctionCodeRequest): Promise<FunctionConfiguration> {
    const decoded = decodeRequest('UpdateFunctionCode', request);
    const updated = await this.functionOps.updateCode(decoded);
    if (decoded.Publish !== true) return updated;
    // Unlike CreateFunction's, this answer names the new version in its ARN too.
    const published = this.versionOps.publish({ FunctionName: updated.FunctionName }, true);
    return { ...updated, FunctionArn: published.FunctionArn, Version: published.Version };
  }

  deleteFunction(request: FunctionRef): void {
    this.functionOps.delete(decodeRequest('DeleteFunction', request));
  }

  publishVersion(request: PublishVersionRequest): FunctionConfiguration {
    return this.versionOps.publish(decodeRequest('PublishVersion', request));
  }

  listVersionsByFunction(request: ListVersionsByFunctionRequest): ListVersionsByFunctionResponse {
    return this.versionOps.list(decodeRequest('ListVersionsByFunction', request));
  }

  createAlias(request: CreateAliasRequest): AliasConfiguration {
    return this.aliasOps.create(decodeRequest('CreateAlias', request));
  }

  getAlias(request: AliasRef): AliasConfiguration {
    return this.aliasOps.get(decodeRequest('GetAlias', request));
  }

  updateAlias(request: UpdateAliasRequest): AliasConfiguration {
    return this.aliasOps.update(decodeRequest('UpdateAlias', request));
  }

  deleteAlias(request: AliasRef): void {
    this.aliasOps.delete(decodeRequest('DeleteAlias', request));
  }

  listAliases(request: ListAliasesRequest): ListAliasesResponse {
    return this.aliasOps.list(decodeRequest('ListAliases', request));
  }

  getAccountSettings(): GetAccountSettingsResponse {
    return this.settings();
  }

  resolveFunction(request: FunctionRef): ResolvedFunction {
    return this.functionOps.resolve(request);
  }

  collectGarbage(): number {
    return this.garbage();
  }

  close(): void {
    this.db.close();
  }
}
