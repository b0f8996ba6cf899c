import type { IncomingHttpHeaders } from 'node:http';
import type { LambdaApi } from '../registry/lambda-api.js';
import { decodeRequest } from '../registry/shapes/decode-request.js';
import { methodOf, OPERATION_SHAPES, type RequestOf } from '../registry/shapes/operation-shapes.js';
import { bindHttp } from './http-binding.js';
import type { JsonBody } from './request-body.js';
import type { Operation, RouteMatch } from './routes.js';

export type ControlOperation = Exclude<Operation, 'Invoke' | 'DownloadBlob'>;

/**
 * Calls the LambdaApi method of one REST request: its raw input bound from path, query, headers
 * and body as its shape says (http-binding.ts), decoded against that shape, then handed to the
 * method (which decodes again, cheaply, as it does for every caller). Returns the response body
 * (undefined for the 204 operations).
 */
export async function callControlPlane(
  operation: ControlOperation,
  api: LambdaApi,
  match: RouteMatch,
  headers: IncomingHttpHeaders,
  body: JsonBody,
): Promise<unknown> {
  const request = decodeRequest(operation, bindHttp(OPERATION_SHAPES[operation], match, headers, withUploadedZip(body)), { http: true });
  // One call site for every operation: the decoded request has the method's own request type.
  const call = api[methodOf(operation)] as (this: LambdaApi, input: RequestOf<typeof operation>) => unknown;
  return await call.call(api, request);
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
