import { parseLayerArn } from '../common/arn.js';
import type { LsimConfig } from '../common/config.js';
import { invalidParameter } from '../common/errors.js';
import type { LayerKey } from './layer-versions.js';
import { LAYER_NAME_PATTERN } from './patterns.js';
import { ValidationErrors } from './validation.js';

/**
 * Resolves the `{LayerName}` of a layer operation, a bare name (the caller's account and region) or
 * an unversioned layer ARN (any account), to the owner and name of the layer.
 */
export function resolveLayerName(layerName: string, config: LsimConfig): LayerKey {
  new ValidationErrors().maxLength('layerName', layerName, 140).pattern('layerName', layerName, LAYER_NAME_PATTERN).throwIfAny();
  const parts = parseLayerArn(layerName);
  if (parts === undefined) return { accountId: config.accountId, region: config.region, name: layerName };
  return { accountId: parts.accountId, region: parts.region, name: parts.layerName };
}

export function checkVersionNumber(version: number): void {
  if (!Number.isInteger(version) || version < 1) throw invalidParameter('Layer Version Cannot be less than 1');
}
