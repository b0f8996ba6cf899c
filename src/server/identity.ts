/**
 * Who is calling, from the SigV4 `Authorization` header: the access key id stands for the account
 * when it is 12 digits (two SDK clients with different keys act as two accounts), and the
 * credential scope names the region. Anything else falls back to the server's configuration.
 */
export interface Identity {
  readonly accountId: string;
  readonly region: string;
  /** The access key id as sent, when the request was signed. */
  readonly accessKeyId: string | undefined;
}

export interface SigV4Authorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

const ACCOUNT_ID = /^\d{12}$/;
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]+)\s*$/;

/** The parts of a SigV4 `Authorization` header, or undefined when it is absent or not SigV4. */
export function parseAuthorization(header: string | undefined): SigV4Authorization | undefined {
  const match = header === undefined ? null : AUTHORIZATION.exec(header.trim());
  if (match === null) return undefined;
  const [, accessKeyId = '', date = '', region = '', service = '', signedHeaders = '', signature = ''] = match;
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

export function identityOf(
  authorization: SigV4Authorization | undefined,
  defaults: { readonly accountId: string; readonly region: string },
): Identity {
  if (authorization === undefined) return { ...defaults, accessKeyId: undefined };
  return {
    accountId: ACCOUNT_ID.test(authorization.accessKeyId) ? authorization.accessKeyId : defaults.accountId,
    region: authorization.region,
    accessKeyId: authorization.accessKeyId,
  };
}
