import { parseLayerArn } from '../common/arn.js';
import type { LsimConfig } from '../common/config.js';
import { invalidParameter, LsimError } from '../common/errors.js';
import type { FunctionLayerRecord } from './functions.js';
import { grantsAccess, type LayerPermissions } from './layer-permissions.js';
import type { LayerVersions } from './layer-versions.js';
import { LAYER_VERSION_ARN_PATTERN } from './patterns.js';
import { formatList, ValidationErrors } from './validation.js';

/** Lambda's quota of layers per function (docs/lambda-facts.md#layer-semantics). */
export const MAX_LAYERS_PER_FUNCTION = 5;

/** CreateFunction's error for too long a `Layers` list; the ad-hoc invoke applies it too. */
export function checkLayerCount(count: number): void {
  if (count > MAX_LAYERS_PER_FUNCTION) throw invalidParameter('Cannot reference more than 5 layers.');
}

/**
 * Checks a function's `Layers` list as CreateFunction/UpdateFunctionConfiguration do and returns
 * what the function keeps of each version, in list order. Checks run in LocalStack's order
 * (count, then per entry: form, region, existence, same-layer conflict, access); AWS's own order
 * between the per-entry checks is not recorded.
 */
export function resolveLayerReferences(
  arns: readonly string[],
  config: LsimConfig,
  versions: LayerVersions,
  permissions: LayerPermissions,
): FunctionLayerRecord[] {
  checkLayerCount(arns.length);
  const seen = new Map<string, string>();
  return arns.map((arn) => {
    const parts = parseLayerArn(arn);
    if (parts?.version === undefined || arn.length > 2048) {
      new ValidationErrors()
        .add(
          'layers',
          formatList(arns),
          `Member must satisfy constraint: [Member must have length less than or equal to 2048, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ${LAYER_VERSION_ARN_PATTERN}, Member must not be null]`,
        )
        .throwIfAny();
      throw new Error('unreachable');
    }
    if (parts.region !== config.region) {
      throw invalidParameter(`Layers are not in the same region as the function. Layers are expected to be in region ${config.region}.`);
    }
    const key = { accountId: parts.accountId, region: parts.region, name: parts.layerName };
    const record = versions.get(key, parts.version);
    if (record === undefined) throw invalidParameter(`Layer version ${arn} does not exist.`);
    const layerArn = arn.slice(0, arn.lastIndexOf(':'));
    const earlier = seen.get(layerArn);
    if (earlier !== undefined) {
      throw invalidParameter(
        `Two different versions of the same layer are not allowed to be referenced in the same function. ${earlier} and ${arn} are versions of the same layer.`,
      );
    }
    seen.set(layerArn, arn);
    if (parts.accountId !== config.accountId) checkAccess(arn, key, parts.version, config, permissions);
    return {
      arn,
      codeSha256: record.codeSha256,
      codeSize: record.codeSize,
      unzippedSize: record.unzippedSize,
      blobKey: record.blobKey,
    };
  });
}

/** Whether another account's version grants the caller (its account, `*`, or `*` within the caller's org). */
export function hasAccess(
  key: { accountId: string; region: string; name: string },
  version: number,
  config: LsimConfig,
  permissions: LayerPermissions,
): boolean {
  return key.accountId === config.accountId || grantsAccess(permissions.grants(key, version), config.accountId, config.orgId);
}

/**
 * Another account's version needs a grant for the caller. The caller's identity in the message is
 * the account root (`arn:aws:iam::<account>:root`): lsim has no IAM users or roles to name instead.
 */
export function checkAccess(
  versionArn: string,
  key: { accountId: string; region: string; name: string },
  version: number,
  config: LsimConfig,
  permissions: LayerPermissions,
): void {
  if (hasAccess(key, version, config, permissions)) return;
  throw new LsimError(
    'AccessDeniedException',
    `User: arn:aws:iam::${config.accountId}:root is not authorized to perform: lambda:GetLayerVersion on resource: ${versionArn} because no resource-based policy allows the lambda:GetLayerVersion action`,
  );
}
