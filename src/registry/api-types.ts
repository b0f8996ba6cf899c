/**
 * Request and response shapes of the Lambda operations lsim implements, with the API's own member
 * names (PascalCase), so the CLI prints them as they are and the HTTP server sends them unchanged.
 * Optional members are absent (never undefined-valued) in responses: use `omitUndefined` when building.
 */

export type Architecture = 'x86_64' | 'arm64';

/** Where a zip comes from. `ZipFilePath` is lsim's streaming form of `ZipFile` (a file on this machine). */
export interface CodeSource {
  readonly ZipFile?: Uint8Array;
  readonly ZipFilePath?: string;
  readonly S3Bucket?: string;
  readonly S3Key?: string;
  readonly S3ObjectVersion?: string;
}

// ---- layers -------------------------------------------------------------------------------------

export interface PublishLayerVersionRequest {
  readonly LayerName: string;
  readonly Content: CodeSource;
  readonly Description?: string;
  readonly CompatibleRuntimes?: readonly string[];
  readonly CompatibleArchitectures?: readonly string[];
  readonly LicenseInfo?: string;
}

export interface LayerVersionContentOutput {
  readonly Location: string;
  readonly CodeSha256: string;
  readonly CodeSize: number;
}

export interface LayerVersionResponse {
  readonly Content: LayerVersionContentOutput;
  readonly LayerArn: string;
  readonly LayerVersionArn: string;
  readonly Description: string;
  readonly CreatedDate: string;
  readonly Version: number;
  readonly CompatibleRuntimes?: string[];
  readonly CompatibleArchitectures?: string[];
  readonly LicenseInfo?: string;
}

export interface LayerVersionsListItem {
  readonly LayerVersionArn: string;
  readonly Version: number;
  readonly Description: string;
  readonly CreatedDate: string;
  readonly CompatibleRuntimes?: string[];
  readonly CompatibleArchitectures?: string[];
  readonly LicenseInfo?: string;
}

export interface ListFilter {
  readonly CompatibleRuntime?: string;
  readonly CompatibleArchitecture?: string;
  readonly Marker?: string;
  readonly MaxItems?: number;
}

export interface ListLayersResponse {
  readonly Layers: { LayerName: string; LayerArn: string; LatestMatchingVersion: LayerVersionsListItem }[];
  readonly NextMarker?: string;
}

export interface ListLayerVersionsResponse {
  readonly LayerVersions: LayerVersionsListItem[];
  readonly NextMarker?: string;
}

/** `LayerName` is a name or an unversioned layer ARN; `VersionNumber` as given (validated by the registry). */
export interface LayerVersionRef {
  readonly LayerName: string;
  readonly VersionNumber: number;
}

export interface AddLayerVersionPermissionRequest extends LayerVersionRef {
  readonly StatementId: string;
  readonly Action: string;
  readonly Principal: string;
  readonly OrganizationId?: string;
  readonly RevisionId?: string;
}

export interface RemoveLayerVersionPermissionRequest extends LayerVersionRef {
  readonly StatementId: string;
  readonly RevisionId?: string;
}

export interface AddLayerVersionPermissionResponse {
  readonly Statement: string;
  readonly RevisionId: string;
}

export interface GetLayerVersionPolicyResponse {
  readonly Policy: string;
  readonly RevisionId: string;
}

// ---- functions ----------------------------------------------------------------------------------

export interface EnvironmentInput {
  readonly Variables?: Readonly<Record<string, string>>;
}

export interface CreateFunctionRequest {
  readonly FunctionName: string;
  /** Optional in the model, but a zip function needs both (the service says so, not the front end). */
  readonly Runtime?: string;
  readonly Handler?: string;
  readonly Role?: string;
  readonly Code: CodeSource;
  readonly Description?: string;
  readonly Timeout?: number;
  readonly MemorySize?: number;
  readonly Environment?: EnvironmentInput;
  readonly Layers?: readonly string[];
  readonly Architectures?: readonly string[];
  readonly EphemeralStorage?: { readonly Size: number };
  /** Publish version 1 as the function is created (docs/lambda-facts.md#function-versions-and-aliases). */
  readonly Publish?: boolean;
}

export interface UpdateFunctionConfigurationRequest {
  readonly FunctionName: string;
  readonly Runtime?: string;
  readonly Handler?: string;
  readonly Role?: string;
  readonly Description?: string;
  readonly Timeout?: number;
  readonly MemorySize?: number;
  readonly Environment?: EnvironmentInput;
  /** Replaces the whole list; `[]` removes every layer. */
  readonly Layers?: readonly string[];
  readonly EphemeralStorage?: { readonly Size: number };
  readonly RevisionId?: string;
}

export interface UpdateFunctionCodeRequest {
  readonly FunctionName: string;
  readonly ZipFile?: Uint8Array;
  readonly ZipFilePath?: string;
  readonly S3Bucket?: string;
  readonly S3Key?: string;
  readonly S3ObjectVersion?: string;
  readonly Architectures?: readonly string[];
  readonly RevisionId?: string;
  /** Publish a version of the new code. */
  readonly Publish?: boolean;
}

export interface FunctionLayer {
  readonly Arn: string;
  readonly CodeSize: number;
}

export interface FunctionConfiguration {
  readonly FunctionName: string;
  readonly FunctionArn: string;
  readonly Runtime: string;
  readonly Role: string;
  readonly Handler: string;
  readonly CodeSize: number;
  readonly Description: string;
  readonly Timeout: number;
  readonly MemorySize: number;
  readonly LastModified: string;
  readonly CodeSha256: string;
  readonly Version: string;
  readonly Environment?: { Variables: Record<string, string> };
  readonly TracingConfig: { Mode: 'PassThrough' | 'Active' };
  readonly RevisionId: string;
  readonly Layers?: FunctionLayer[];
  readonly State: string;
  readonly StateReason?: string;
  readonly StateReasonCode?: string;
  readonly LastUpdateStatus?: string;
  readonly LastUpdateStatusReason?: string;
  readonly LastUpdateStatusReasonCode?: string;
  readonly PackageType: 'Zip';
  readonly Architectures: string[];
  readonly EphemeralStorage: { Size: number };
  readonly SnapStart: { ApplyOn: 'None'; OptimizationStatus: 'Off' };
  readonly RuntimeVersionConfig: { RuntimeVersionArn: string };
  readonly LoggingConfig: { LogFormat: 'Text'; LogGroup: string };
}

export interface GetFunctionResponse {
  readonly Configuration: FunctionConfiguration;
  readonly Code: { RepositoryType: 'S3'; Location: string };
}

export interface ListFunctionsRequest {
  readonly Marker?: string;
  readonly MaxItems?: number;
}

export interface ListFunctionsResponse {
  readonly Functions: FunctionConfiguration[];
  readonly NextMarker?: string;
}

export interface FunctionRef {
  readonly FunctionName: string;
  readonly Qualifier?: string;
}

/**
 * What the execution plane needs to run a function: its configuration plus where each zip's bytes
 * are, also for layer versions deleted since the function was configured.
 */
export interface ResolvedFunction {
  readonly configuration: FunctionConfiguration;
  /** Absolute path of the function's zip in the blob store. */
  readonly codeZipPath: string;
  /** In the function's Layers order. */
  readonly layers: readonly { readonly arn: string; readonly codeSha256: string; readonly zipPath: string }[];
  /** The version was drawn by an alias's routing weights: another resolve may pick the other one. */
  readonly drawn?: boolean;
}

// ---- versions and aliases ---------------------------------------------------------------------

export interface PublishVersionRequest {
  readonly FunctionName: string;
  readonly CodeSha256?: string;
  readonly Description?: string;
  readonly RevisionId?: string;
}

export interface ListVersionsByFunctionRequest {
  readonly FunctionName: string;
  readonly Marker?: string;
  readonly MaxItems?: number;
}

export interface ListVersionsByFunctionResponse {
  readonly Versions: Partial<FunctionConfiguration>[];
  readonly NextMarker?: string;
}

export interface AliasRoutingConfiguration {
  readonly AdditionalVersionWeights?: Readonly<Record<string, number>>;
}

export interface CreateAliasRequest {
  readonly FunctionName: string;
  readonly Name: string;
  readonly FunctionVersion: string;
  readonly Description?: string;
  readonly RoutingConfig?: AliasRoutingConfiguration;
}

export interface UpdateAliasRequest {
  readonly FunctionName: string;
  readonly Name: string;
  readonly FunctionVersion?: string;
  readonly Description?: string;
  readonly RoutingConfig?: AliasRoutingConfiguration;
  readonly RevisionId?: string;
}

export interface AliasRef {
  readonly FunctionName: string;
  readonly Name: string;
}

export interface AliasConfiguration {
  readonly AliasArn: string;
  readonly Name: string;
  readonly FunctionVersion: string;
  readonly Description: string;
  readonly RoutingConfig?: { AdditionalVersionWeights: Record<string, number> };
  readonly RevisionId: string;
}

export interface ListAliasesRequest {
  readonly FunctionName: string;
  readonly FunctionVersion?: string;
  readonly Marker?: string;
  readonly MaxItems?: number;
}

export interface ListAliasesResponse {
  readonly Aliases: AliasConfiguration[];
  readonly NextMarker?: string;
}

// ---- account ------------------------------------------------------------------------------------

export interface GetAccountSettingsResponse {
  readonly AccountLimit: {
    readonly TotalCodeSize: number;
    readonly CodeSizeUnzipped: number;
    readonly CodeSizeZipped: number;
    readonly ConcurrentExecutions: number;
    readonly UnreservedConcurrentExecutions: number;
  };
  readonly AccountUsage: { readonly TotalCodeSize: number; readonly FunctionCount: number };
}
