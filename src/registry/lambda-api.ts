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

/**
 * The Lambda control plane as lsim implements it, one method per API operation. The CLI, the HTTP
 * server and the library entry all call this; every method decodes its input against the
 * operation's shape (shapes/operation-shapes.ts), so a request of any JSON shape gets Lambda's exact
 * code and message, never an unexpected exception.
 */
export interface LambdaApi {
  publishLayerVersion(request: PublishLayerVersionRequest): Promise<LayerVersionResponse>;
  listLayers(request: ListFilter): ListLayersResponse;
  listLayerVersions(request: ListFilter & { readonly LayerName: string }): ListLayerVersionsResponse;
  getLayerVersion(request: LayerVersionRef): LayerVersionResponse;
  getLayerVersionByArn(request: { readonly Arn: string }): LayerVersionResponse;
  deleteLayerVersion(request: LayerVersionRef): void;
  addLayerVersionPermission(request: AddLayerVersionPermissionRequest): AddLayerVersionPermissionResponse;
  removeLayerVersionPermission(request: RemoveLayerVersionPermissionRequest): void;
  getLayerVersionPolicy(request: LayerVersionRef): GetLayerVersionPolicyResponse;

  createFunction(request: CreateFunctionRequest): Promise<FunctionConfiguration>;
  getFunction(request: FunctionRef): GetFunctionResponse;
  getFunctionConfiguration(request: FunctionRef): FunctionConfiguration;
  listFunctions(request: ListFunctionsRequest): ListFunctionsResponse;
  updateFunctionConfiguration(request: UpdateFunctionConfigurationRequest): Promise<FunctionConfiguration>;
  updateFunctionCode(request: UpdateFunctionCodeRequest): Promise<FunctionConfiguration>;
  deleteFunction(request: FunctionRef): void;

  publishVersion(request: PublishVersionRequest): FunctionConfiguration;
  listVersionsByFunction(request: ListVersionsByFunctionRequest): ListVersionsByFunctionResponse;
  createAlias(request: CreateAliasRequest): AliasConfiguration;
  getAlias(request: AliasRef): AliasConfiguration;
  updateAlias(request: UpdateAliasRequest): AliasConfiguration;
  deleteAlias(request: AliasRef): void;
  listAliases(request: ListAliasesRequest): ListAliasesResponse;

  getAccountSettings(): GetAccountSettingsResponse;

  /** The function's configuration and the blob paths of its code and layers (deleted versions too). */
  resolveFunction(request: FunctionRef): ResolvedFunction;
  /** Deletes stored zips that no live layer version and no function references. Returns bytes freed. */
  collectGarbage(): number;
  close(): void;
}
