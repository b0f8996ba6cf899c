import type { ApiOperation } from '../registry/shapes/operation-shapes.js';

/**
 * The REST paths of the Lambda API lsim serves (docs/lambda-facts.md#operations), as data: method, path template
 * and success status per operation. Matching is exact on segments; `{Name}` segments are
 * percent-decoded, so ARNs (`arn%3Aaws%3A...`) arrive as the caller wrote them.
 */

/** The LambdaApi's operations (registry/shapes/operation-shapes.ts), Invoke, and lsim's blob downloads. */
export type Operation = ApiOperation | 'Invoke' | 'DownloadBlob';

interface RouteSpec {
  readonly operation: Operation;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** A query parameter that must have this value (GetLayerVersionByArn's literal `find=LayerVersion`). */
  readonly query?: { readonly name: string; readonly value: string };
}

const LAYER_VERSION = '/2018-10-31/layers/{LayerName}/versions/{VersionNumber}';
const FUNCTION = '/2015-03-31/functions/{FunctionName}';
const ALIAS = `${FUNCTION}/aliases/{Name}`;

// More specific specs first: GetLayerVersionByArn shares its path with ListLayers.
export const ROUTES: readonly RouteSpec[] = [
  {
    operation: 'GetLayerVersionByArn',
    method: 'GET',
    path: '/2018-10-31/layers',
    status: 200,
    query: { name: 'find', value: 'LayerVersion' },
  },
  { operation: 'ListLayers', method: 'GET', path: '/2018-10-31/layers', status: 200 },
  { operation: 'PublishLayerVersion', method: 'POST', path: '/2018-10-31/layers/{LayerName}/versions', status: 201 },
  { operation: 'ListLayerVersions', method: 'GET', path: '/2018-10-31/layers/{LayerName}/versions', status: 200 },
  { operation: 'GetLayerVersion', method: 'GET', path: LAYER_VERSION, status: 200 },
  { operation: 'DeleteLayerVersion', method: 'DELETE', path: LAYER_VERSION, status: 204 },
  { operation: 'AddLayerVersionPermission', method: 'POST', path: `${LAYER_VERSION}/policy`, status: 201 },
  { operation: 'GetLayerVersionPolicy', method: 'GET', path: `${LAYER_VERSION}/policy`, status: 200 },
  { operation: 'RemoveLayerVersionPermission', method: 'DELETE', path: `${LAYER_VERSION}/policy/{StatementId}`, status: 204 },
  { operation: 'CreateFunction', method: 'POST', path: '/2015-03-31/functions', status: 201 },
  { operation: 'ListFunctions', method: 'GET', path: '/2015-03-31/functions', status: 200 },
  { operation: 'GetFunction', method: 'GET', path: FUNCTION, status: 200 },
  // Real AWS answers 204 although the model says 200 (docs/lambda-facts.md#operations).
  { operation: 'DeleteFunction', method: 'DELETE', path: FUNCTION, status: 204 },
  { operation: 'GetFunctionConfiguration', method: 'GET', path: `${FUNCTION}/configuration`, status: 200 },
  { operation: 'UpdateFunctionConfiguration', method: 'PUT', path: `${FUNCTION}/configuration`, status: 200 },
  { operation: 'UpdateFunctionCode', method: 'PUT', path: `${FUNCTION}/code`, status: 200 },
  { operation: 'PublishVersion', method: 'POST', path: `${FUNCTION}/versions`, status: 201 },
  { operation: 'ListVersionsByFunction', method: 'GET', path: `${FUNCTION}/versions`, status: 200 },
  { operation: 'CreateAlias', method: 'POST', path: `${FUNCTION}/aliases`, status: 201 },
  { operation: 'ListAliases', method: 'GET', path: `${FUNCTION}/aliases`, status: 200 },
  { operation: 'GetAlias', method: 'GET', path: ALIAS, status: 200 },
  { operation: 'UpdateAlias', method: 'PUT', path: ALIAS, status: 200 },
  { operation: 'DeleteAlias', method: 'DELETE', path: ALIAS, status: 204 },
  // The model's path has no trailing slash; the aws CLI sends one. Both match (trailing slashes are dropped).
  { operation: 'GetAccountSettings', method: 'GET', path: '/2016-08-19/account-settings', status: 200 },
  { operation: 'Invoke', method: 'POST', path: `${FUNCTION}/invocations`, status: 200 },
  { operation: 'DownloadBlob', method: 'GET', path: '/lsim/blobs/{BlobKey}', status: 200 },
];

export interface RouteMatch {
  readonly operation: Operation;
  readonly status: number;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
}

/** The operation a request names, or undefined (unknown path, or known path with another method). */
export function matchRoute(method: string | undefined, url: string | undefined): RouteMatch | undefined {
  const parsed = new URL(url ?? '/', 'http://lsim.invalid');
  // `/2015-03-31/functions/` (ListFunctions as some SDKs send it) is the same resource.
  const segments = parsed.pathname.replace(/\/+$/, '').split('/').slice(1);
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    if (route.query !== undefined && parsed.searchParams.get(route.query.name) !== route.query.value) continue;
    const params = matchPath(route.path.split('/').slice(1), segments);
    if (params !== undefined) return { operation: route.operation, status: route.status, params, query: parsed.searchParams };
  }
  return undefined;
}

function matchPath(template: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (template.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of template.entries()) {
    const segment = segments[index] ?? '';
    if (part.startsWith('{')) {
      if (segment === '') return undefined;
      const decoded = safeDecode(segment);
      if (decoded === undefined) return undefined;
      params[part.slice(1, -1)] = decoded;
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
