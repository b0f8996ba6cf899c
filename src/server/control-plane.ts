import { LsimError } from '../common/errors.js';
import type {
  AddLayerVersionPermissionRequest,
  AliasRef,
  CreateAliasRequest,
  PublishVersionRequest,
  UpdateAliasRequest,
  CreateFunctionRequest,
  FunctionRef,
  LayerVersionRef,
  ListFilter,
  PublishLayerVersionRequest,
  UpdateFunctionCodeRequest,
  UpdateFunctionConfigurationRequest,
} from '../registry/api-types.js';
import type { LambdaApi } from '../registry/lambda-api.js';
import type { JsonBody } from './request-body.js';
import type { Operation, RouteMatch } from './routes.js';

export type ControlOperation = Exclude<Operation, 'Invoke' | 'DownloadBlob'>;

/**
 * Maps one REST request onto its LambdaApi call: path and query members merged with the JSON body,
 * as the REST-JSON protocol binds them. The body is passed on as the API's own shape; the registry
 * validates every member. Returns the response body (undefined for the 204 operations).
 */
export async function callControlPlane(operation: ControlOperation, api: LambdaApi, match: RouteMatch, body: JsonBody): Promise<unknown> {
  const value = withUploadedZip(body);
  const { params, query } = match;
  switch (operation) {
    case 'PublishLayerVersion':
      return api.publishLayerVersion({ ...value, LayerName: params.LayerName } as unknown as PublishLayerVersionRequest);
    case 'ListLayers':
      return api.listLayers(listFilter(query));
    case 'ListLayerVersions':
      return api.listLayerVersions({ ...listFilter(query), LayerName: params.LayerName ?? '' });
    case 'GetLayerVersion':
      return api.getLayerVersion(layerVersion(match));
    case 'GetLayerVersionByArn':
      return api.getLayerVersionByArn({ Arn: query.get('Arn') ?? '' });
    case 'DeleteLayerVersion':
      api.deleteLayerVersion(layerVersion(match));
      return undefined;
    case 'AddLayerVersionPermission':
      return api.addLayerVersionPermission({
        ...value,
        ...layerVersion(match),
        ...optional('RevisionId', query.get('RevisionId')),
      } as unknown as AddLayerVersionPermissionRequest);
    case 'RemoveLayerVersionPermission':
      api.removeLayerVersionPermission({
        ...layerVersion(match),
        StatementId: params.StatementId ?? '',
        ...optional('RevisionId', query.get('RevisionId')),
      });
      return undefined;
    case 'GetLayerVersionPolicy':
      return api.getLayerVersionPolicy(layerVersion(match));
    case 'CreateFunction':
      return api.createFunction(value as unknown as CreateFunctionRequest);
    case 'GetFunction':
      return api.getFunction(functionRef(match));
    case 'GetFunctionConfiguration':
      return api.getFunctionConfiguration(functionRef(match));
    case 'ListFunctions':
      return api.listFunctions(paging(query));
    case 'UpdateFunctionConfiguration':
      return api.updateFunctionConfiguration({
        ...value,
        FunctionName: params.FunctionName,
      } as unknown as UpdateFunctionConfigurationRequest);
    case 'UpdateFunctionCode':
      return api.updateFunctionCode({ ...value, FunctionName: params.FunctionName } as unknown as UpdateFunctionCodeRequest);
    case 'DeleteFunction':
      api.deleteFunction(functionRef(match));
      return undefined;
    case 'PublishVersion':
      return api.publishVersion({ ...value, FunctionName: params.FunctionName } as unknown as PublishVersionRequest);
    case 'ListVersionsByFunction':
      return api.listVersionsByFunction({ FunctionName: params.FunctionName ?? '', ...paging(query) });
    case 'CreateAlias':
      return api.createAlias({ ...value, FunctionName: params.FunctionName } as unknown as CreateAliasRequest);
    case 'ListAliases':
      return api.listAliases({
        FunctionName: params.FunctionName ?? '',
        ...optional('FunctionVersion', query.get('FunctionVersion')),
        ...paging(query),
      });
    case 'GetAlias':
      return api.getAlias(aliasRef(match));
    case 'UpdateAlias':
      return api.updateAlias({ ...value, ...aliasRef(match) } as unknown as UpdateAliasRequest);
    case 'DeleteAlias':
      api.deleteAlias(aliasRef(match));
      return undefined;
    case 'GetAccountSettings':
      return api.getAccountSettings();
  }
}

/**
 * The body with the streamed-out ZipFile turned into lsim's `ZipFilePath`. A client-sent
 * `ZipFilePath` is dropped first: it would let any caller make the server read its own files.
 */
export function withUploadedZip(body: JsonBody): Record<string, unknown> {
  const value = stripPaths(body.value);
  if (body.zip === undefined) return value;
  let holder: Record<string, unknown> = value;
  for (const key of body.zip.at) {
    const next = holder[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) return value;
    holder = next as Record<string, unknown>;
  }
  delete holder.ZipFile;
  holder.ZipFilePath = body.zip.path;
  return value;
}

function stripPaths(value: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...value };
  delete copy.ZipFilePath;
  for (const member of ['Code', 'Content']) {
    const inner = copy[member];
    if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
      const cleaned: Record<string, unknown> = { ...(inner as Record<string, unknown>) };
      delete cleaned.ZipFilePath;
      copy[member] = cleaned;
    }
  }
  return copy;
}

function listFilter(query: URLSearchParams): ListFilter {
  return {
    ...optional('CompatibleRuntime', query.get('CompatibleRuntime')),
    ...optional('CompatibleArchitecture', query.get('CompatibleArchitecture')),
    ...optional('Marker', query.get('Marker')),
    ...optionalInteger(query, 'MaxItems'),
  };
}

function layerVersion(match: RouteMatch): LayerVersionRef {
  return { LayerName: match.params.LayerName ?? '', VersionNumber: integer('versionNumber', match.params.VersionNumber ?? '') };
}

function paging(query: URLSearchParams): { Marker?: string; MaxItems?: number } {
  return { ...optional('Marker', query.get('Marker')), ...optionalInteger(query, 'MaxItems') };
}

function aliasRef(match: RouteMatch): AliasRef {
  return { FunctionName: match.params.FunctionName ?? '', Name: match.params.Name ?? '' };
}

function functionRef(match: RouteMatch): FunctionRef {
  return { FunctionName: match.params.FunctionName ?? '', ...optional('Qualifier', match.query.get('Qualifier')) };
}

function optional<K extends string>(key: K, value: string | null): { [P in K]?: string } {
  return value === null ? {} : ({ [key]: value } as { [P in K]?: string });
}

function optionalInteger(query: URLSearchParams, key: 'MaxItems'): { MaxItems?: number } {
  const value = query.get(key);
  return value === null ? {} : { [key]: integer('maxItems', value) };
}

/** Wording unconfirmed: what Lambda says for a non-numeric number in a path or query string. */
function integer(member: string, value: string): number {
  if (/^-?\d{1,15}$/.test(value)) return Number(value);
  throw new LsimError(
    'ValidationException',
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must be a number`,
  );
}
