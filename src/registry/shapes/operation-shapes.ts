import { VERSION_WITH_LATEST_PATTERN } from '../version-validation.js';
import type { LambdaApi } from '../lambda-api.js';
import {
  ACTION,
  CODE_SOURCE,
  CODE_SOURCE_MEMBERS,
  DESCRIPTION,
  ENVIRONMENT,
  EPHEMERAL_STORAGE,
  FUNCTION_NAME,
  HANDLER,
  LAYER_NAME,
  LAYER_VERSION_ARN,
  LAYER_VERSION_NUMBER,
  LICENSE_INFO,
  MARKER,
  MEMORY_SIZE,
  NAMESPACED_FUNCTION_NAME,
  ORGANIZATION_ID,
  PRINCIPAL,
  QUALIFIER,
  REVISION_ID,
  ROLE,
  RUNTIME,
  STATEMENT_ID,
  STRING_LIST,
  TIMEOUT,
} from './member-shapes.js';
import { boolean, double, inHeader, inQuery, inUri, integer, map, required, string, structure, type StructureShape } from './shape.js';

/** The LambdaApi methods that are API operations (the others are lsim's own plumbing). */
export type ApiMethod = Exclude<keyof LambdaApi, 'resolveFunction' | 'collectGarbage' | 'close'>;
/** `PublishLayerVersion` for `publishLayerVersion`: the operation names of the model and of the routes. */
export type ApiOperation = Capitalize<ApiMethod>;
export type RequestOf<O extends ApiOperation> = Parameters<LambdaApi[Uncapitalize<O> & ApiMethod]>[0];

/** The LambdaApi method of an operation: `publishLayerVersion` for `PublishLayerVersion`. */
export function methodOf(operation: ApiOperation): ApiMethod {
  return (operation.charAt(0).toLowerCase() + operation.slice(1)) as ApiMethod;
}

const LAYER_VERSION = { LayerName: inUri(LAYER_NAME), VersionNumber: inUri(LAYER_VERSION_NUMBER) };
const FUNCTION_REF = { FunctionName: inUri(NAMESPACED_FUNCTION_NAME), Qualifier: inQuery(QUALIFIER) };
const listFilter = (maxItems: number) => ({
  CompatibleRuntime: inQuery(string()),
  CompatibleArchitecture: inQuery(string()),
  Marker: inQuery(MARKER),
  MaxItems: inQuery(integer({ min: 1, max: maxItems })),
});
const paging = (maxItems: number) => ({ Marker: inQuery(MARKER), MaxItems: inQuery(integer({ min: 1, max: maxItems })) });
const ALIAS_REF = { FunctionName: inUri(FUNCTION_NAME), Name: inUri(string()) };
const ROUTING_CONFIG = structure({ AdditionalVersionWeights: map(double()) });
const FUNCTION_SETTINGS = {
  Runtime: RUNTIME,
  Role: ROLE,
  Handler: HANDLER,
  Description: DESCRIPTION,
  Timeout: TIMEOUT,
  MemorySize: MEMORY_SIZE,
  Environment: ENVIRONMENT,
  Layers: STRING_LIST,
};

/**
 * Every operation's input, in the model's member order. Adding an operation: its LambdaApi method,
 * its entry here (the type makes it required), its route in src/server/routes.ts (CONTRIBUTING.md).
 */
export const OPERATION_SHAPES: { readonly [O in ApiOperation]: StructureShape } = {
  PublishLayerVersion: structure({
    LayerName: inUri(LAYER_NAME),
    Description: DESCRIPTION,
    Content: required(CODE_SOURCE),
    CompatibleRuntimes: STRING_LIST,
    LicenseInfo: LICENSE_INFO,
    CompatibleArchitectures: STRING_LIST,
  }),
  ListLayers: structure(listFilter(50)),
  ListLayerVersions: structure({ ...listFilter(50), LayerName: inUri(LAYER_NAME) }),
  GetLayerVersion: structure(LAYER_VERSION),
  GetLayerVersionByArn: structure({ Arn: { ...inQuery(LAYER_VERSION_ARN), required: true } }),
  DeleteLayerVersion: structure(LAYER_VERSION),
  AddLayerVersionPermission: structure({
    ...LAYER_VERSION,
    StatementId: required(STATEMENT_ID),
    Action: required(ACTION),
    Principal: required(PRINCIPAL),
    OrganizationId: ORGANIZATION_ID,
    RevisionId: inQuery(REVISION_ID),
  }),
  RemoveLayerVersionPermission: structure({
    ...LAYER_VERSION,
    StatementId: inUri(STATEMENT_ID),
    RevisionId: inQuery(REVISION_ID),
  }),
  GetLayerVersionPolicy: structure(LAYER_VERSION),
  CreateFunction: structure({
    FunctionName: required(FUNCTION_NAME),
    // Role is required by the model; lsim invents one when it is absent (docs/deviations.md).
    ...FUNCTION_SETTINGS,
    Code: required(CODE_SOURCE),
    Publish: boolean(),
    Architectures: STRING_LIST,
    EphemeralStorage: EPHEMERAL_STORAGE,
  }),
  GetFunction: structure(FUNCTION_REF),
  GetFunctionConfiguration: structure(FUNCTION_REF),
  ListFunctions: structure(paging(10000)),
  UpdateFunctionConfiguration: structure({
    FunctionName: inUri(FUNCTION_NAME),
    ...FUNCTION_SETTINGS,
    RevisionId: REVISION_ID,
    EphemeralStorage: EPHEMERAL_STORAGE,
  }),
  UpdateFunctionCode: structure({
    FunctionName: inUri(FUNCTION_NAME),
    ...CODE_SOURCE_MEMBERS,
    Publish: boolean(),
    RevisionId: REVISION_ID,
    Architectures: STRING_LIST,
  }),
  DeleteFunction: structure(FUNCTION_REF),
  PublishVersion: structure({
    FunctionName: inUri(FUNCTION_NAME),
    CodeSha256: string(),
    Description: DESCRIPTION,
    RevisionId: REVISION_ID,
  }),
  ListVersionsByFunction: structure({ FunctionName: inUri(NAMESPACED_FUNCTION_NAME), ...paging(10000) }),
  // Alias names and versions keep their checks in version-validation.ts, where the recorded texts are.
  CreateAlias: structure({
    FunctionName: inUri(FUNCTION_NAME),
    Name: required(string()),
    FunctionVersion: required(string()),
    Description: DESCRIPTION,
    RoutingConfig: ROUTING_CONFIG,
  }),
  ListAliases: structure({
    FunctionName: inUri(FUNCTION_NAME),
    FunctionVersion: inQuery(string({ max: 1024, pattern: VERSION_WITH_LATEST_PATTERN })),
    ...paging(10000),
  }),
  GetAlias: structure(ALIAS_REF),
  UpdateAlias: structure({
    ...ALIAS_REF,
    FunctionVersion: string(),
    Description: DESCRIPTION,
    RoutingConfig: ROUTING_CONFIG,
    RevisionId: REVISION_ID,
  }),
  DeleteAlias: structure(ALIAS_REF),
  GetAccountSettings: structure({}),
};

/** Invoke is the execution plane's, not a LambdaApi method; its input is decoded the same way. */
export const INVOKE_SHAPE = structure({
  FunctionName: inUri(NAMESPACED_FUNCTION_NAME),
  InvocationType: inHeader(string({ enum: ['Event', 'RequestResponse', 'DryRun'] }), 'X-Amz-Invocation-Type'),
  LogType: inHeader(string({ enum: ['None', 'Tail'] }), 'X-Amz-Log-Type'),
  ClientContext: inHeader(string(), 'X-Amz-Client-Context'),
  Qualifier: inQuery(QUALIFIER),
});
