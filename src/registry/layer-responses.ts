import { layerArn, layerVersionArn } from '../common/arn.js';
import { omitUndefined } from '../common/omit-undefined.js';
import type { LayerVersionResponse, LayerVersionsListItem } from './api-types.js';
import { contentLocation } from './content-location.js';
import type { LayerVersionRecord } from './layer-versions.js';

/**
 * Members in the order of botocore's output shapes, which is the order the aws CLI prints whatever
 * the wire order (docs/lambda-facts.md#member-order): lsim serve and the lsim CLI both answer in it.
 */

/** GetLayerVersion / PublishLayerVersion shape: optional members absent when never sent. */
export function toLayerVersionResponse(record: LayerVersionRecord): LayerVersionResponse {
  return omitUndefined({
    Content: { Location: contentLocation(record.blobKey), CodeSha256: record.codeSha256, CodeSize: record.codeSize },
    LayerArn: layerArn(record.region, record.accountId, record.name),
    LayerVersionArn: layerVersionArn(record.region, record.accountId, record.name, record.version),
    Description: record.description,
    CreatedDate: record.createdDate,
    Version: record.version,
    CompatibleArchitectures: record.compatibleArchitectures,
    CompatibleRuntimes: record.compatibleRuntimes,
    LicenseInfo: record.licenseInfo,
  });
}

/** ListLayerVersions / ListLayers item shape: no Content, no LayerArn. */
export function toLayerVersionsListItem(record: LayerVersionRecord): LayerVersionsListItem {
  return omitUndefined({
    LayerVersionArn: layerVersionArn(record.region, record.accountId, record.name, record.version),
    Version: record.version,
    Description: record.description,
    CreatedDate: record.createdDate,
    CompatibleArchitectures: record.compatibleArchitectures,
    CompatibleRuntimes: record.compatibleRuntimes,
    LicenseInfo: record.licenseInfo,
  });
}
