import { createHash, createHmac, timingSafeEqual, type Hash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { LsimError } from '../common/errors.js';
import { parseAuthorization, type SigV4Authorization } from './identity.js';

/**
 * SigV4 verification for `lsim serve --verify-signatures` (AWS's "Create a signed AWS API request"):
 * the canonical request (method, URI-encoded path, sorted query, signed headers, payload hash), the
 * string to sign, the signing-key chain, and a constant-time comparison. What the headers alone can
 * tell (unknown key, malformed header, clock skew) is checked before the body is read; the signature
 * itself once the body has gone through `update`. Errors are AWS's, codes and messages.
 */

/** What a request handler feeds the body through, and asks for a verdict before acting on it. */
export interface BodyCheck {
  update(chunk: Buffer): void;
  /** Throws InvalidSignatureException when the signature does not match. */
  finish(): void;
}

/** The check of a server that does not verify signatures. */
export const NO_CHECK: BodyCheck = { update: () => undefined, finish: () => undefined };

/** The request line and headers as received (Node lower-cases header names). */
export interface SignedRequest {
  readonly method: string;
  /** The raw request target: path and query exactly as sent (still percent-encoded). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const MAX_SKEW_MS = 15 * 60 * 1000;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key ' +
  'and signing method. Consult the service documentation for details.';

export class SigV4Verifier {
  /** kSigning by secret, date, region and service: four HMACs saved per request. */
  private readonly signingKeys = new Map<string, Buffer>();

  constructor(
    private readonly credentials: ReadonlyMap<string, string>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Checks the request line and headers; the returned check verifies the signature over the body. */
  begin(request: SignedRequest): BodyCheck {
    const header = single(request.headers.authorization);
    if (header === undefined || header.trim() === '') {
      throw new LsimError('MissingAuthenticationTokenException', 'Missing Authentication Token');
    }
    const authorization = parseAuthorization(header);
    if (authorization === undefined) {
      throw new LsimError(
        'IncompleteSignatureException',
        `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters of the ${ALGORITHM} algorithm. Authorization=${header}`,
      );
    }
    const secret = this.credentials.get(authorization.accessKeyId);
    if (secret === undefined) throw new LsimError('UnrecognizedClientException', 'The security token included in the request is invalid.');
    if (!authorization.signedHeaders.includes('host')) {
      throw new LsimError('IncompleteSignatureException', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }
    const amzDate = single(request.headers['x-amz-date']) ?? '';
    const signedAt = parseAmzDate(amzDate);
    if (signedAt === undefined || !amzDate.startsWith(authorization.date)) {
      throw new LsimError(
        'IncompleteSignatureException',
        `Date must be in ISO-8601 'basic format' and match the credential scope. Got '${amzDate}'.`,
      );
    }
    this.checkSkew(amzDate, signedAt);

    const declared = single(request.headers['x-amz-content-sha256']);
    const hash = declared === UNSIGNED_PAYLOAD ? undefined : createHash('sha256');
    return {
      update: (chunk) => hash?.update(chunk),
      finish: () => this.verify(request, authorization, secret, amzDate, declared, hash),
    };
  }

  private verify(
    request: SignedRequest,
    authorization: SigV4Authorization,
    secret: string,
    amzDate: string,
    declared: string | undefined,
    hash: Hash | undefined,
  ): void {
    // A declared payload hash is what was signed; the body must still be the one it describes.
    const actual = hash?.digest('hex');
    const payloadHash = declared ?? actual ?? UNSIGNED_PAYLOAD;
    const canonical = canonicalRequest(request, authorization.signedHeaders, payloadHash);
    const scope = `${authorization.date}/${authorization.region}/${authorization.service}/aws4_request`;
    const stringToSign = `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
    const expected = createHmac('sha256', this.signingKey(secret, authorization)).update(stringToSign).digest();
    const provided = Buffer.from(authorization.signature, 'hex');
    const matches = provided.length === expected.length && timingSafeEqual(provided, expected);
    if (!matches || (declared !== undefined && actual !== undefined && declared !== actual)) {
      throw new LsimError(
        'InvalidSignatureException',
        `${SIGNATURE_MISMATCH}\n\nThe Canonical String for this request should have been\n'${canonical}'\n\n` +
          `The String-to-Sign should have been\n'${stringToSign}'\n`,
      );
    }
  }

  private signingKey(secret: string, { date, region, service }: SigV4Authorization): Buffer {
    const cacheKey = JSON.stringify([secret, date, region, service]);
    let key = this.signingKeys.get(cacheKey);
    if (key === undefined) {
      const kDate = createHmac('sha256', `AWS4${secret}`).update(date).digest();
      const kRegion = createHmac('sha256', kDate).update(region).digest();
      const kService = createHmac('sha256', kRegion).update(service).digest();
      key = createHmac('sha256', kService).update('aws4_request').digest();
      if (this.signingKeys.size >= 256) this.signingKeys.clear();
      this.signingKeys.set(cacheKey, key);
    }
    return key;
  }

  private checkSkew(amzDate: string, signedAt: number): void {
    const now = this.now();
    if (now - signedAt > MAX_SKEW_MS) {
      throw new LsimError(
        'InvalidSignatureException',
        `Signature expired: ${amzDate} is now earlier than ${amzFormat(now - MAX_SKEW_MS)} (${amzFormat(now)} - 15 min.)`,
      );
    }
    if (signedAt - now > MAX_SKEW_MS) {
      throw new LsimError(
        'InvalidSignatureException',
        `Signature not yet current: ${amzDate} is still later than ${amzFormat(now + MAX_SKEW_MS)} (${amzFormat(now)} + 15 min.)`,
      );
    }
  }
}

/** The canonical request of AWS's SigV4 specification, as the AWS SDKs build it for non-S3 services. */
export function canonicalRequest(request: SignedRequest, signedHeaders: readonly string[], payloadHash: string): string {
  const at = request.url.indexOf('?');
  const path = at < 0 ? request.url : request.url.slice(0, at);
  const query = at < 0 ? '' : request.url.slice(at + 1);
  const headers = signedHeaders.map((name) => `${name}:${canonicalHeaderValue(request.headers[name])}`);
  return [request.method, canonicalPath(path), canonicalQuery(query), ...headers, '', signedHeaders.join(';'), payloadHash].join('\n');
}

/**
 * Path segments normalised (empty, `.` and `..` resolved) and URI-encoded once more: the path as
 * sent is already encoded, and services other than S3 sign it double-encoded.
 */
function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `/${segments.map(uriEncode).join('/')}${trailing}`;
}

/** Parameters sorted by encoded name, then value; names and values decoded, then encoded the AWS way. */
function canonicalQuery(query: string): string {
  if (query === '') return '';
  const pairs: [string, string][] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = uriEncode(decode(eq < 0 ? part : part.slice(0, eq)));
    const value = uriEncode(decode(eq < 0 ? '' : part.slice(eq + 1)));
    if (name.toLowerCase() === 'x-amz-signature') continue;
    pairs.push([name, value]);
  }
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

/** Trimmed, inner runs of spaces collapsed; repeated headers joined with commas. */
function canonicalHeaderValue(value: string | string[] | undefined): string {
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return values
    .map((one) =>
      one
        .replace(/[\r\n]/g, ' ')
        .replace(/[ \t]+/g, ' ')
        .trim(),
    )
    .join(',');
}

/** RFC 3986 encoding: everything but `A-Za-z0-9-._~` as %XX. */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parseAmzDate(text: string): number | undefined {
  const m = AMZ_DATE.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const time = Date.UTC(y, mo - 1, d, h, mi, s);
  return Number.isNaN(time) ? undefined : time;
}

function amzFormat(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
