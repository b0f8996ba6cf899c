import { omitUndefined } from '../common/omit-undefined.js';
import type { LayerVersionResponse } from '../registry/api-types.js';
import type { LambdaApi } from '../registry/lambda-api.js';
import { contentZip } from './content-zip.js';
import type { TemplateLayer } from './template-model.js';

export interface LayerOutcome {
  readonly LogicalId: string;
  readonly LayerVersionArn: string;
  /** False when the latest version already had this content and these settings. */
  readonly Published: boolean;
}

export interface DeployedLayers {
  readonly outcomes: LayerOutcome[];
  readonly arns: ReadonlyMap<string, string>;
  /** Versions a new one replaced without RetentionPolicy Retain: deleted once the functions moved on. */
  readonly replaced: readonly LayerVersionResponse[];
}

/**
 * CloudFormation replaces a layer version when any of its properties changes (every property of
 * AWS::Lambda::LayerVersion is "Replacement"), so a new version is published exactly when the
 * content's CodeSha256 or a setting differs from the latest version's (docs/templates.md#layer-versions).
 */
export async function deployLayers(
  api: LambdaApi,
  layers: readonly TemplateLayer[],
  progress: (line: string) => void,
): Promise<DeployedLayers> {
  const outcomes: LayerOutcome[] = [];
  const arns = new Map<string, string>();
  const replaced: LayerVersionResponse[] = [];
  for (const layer of layers) {
    const { zip, codeSha256 } = await contentZip(layer.content);
    const latest = latestVersion(api, layer.layerName);
    if (latest !== undefined && sameVersion(latest, layer, codeSha256)) {
      progress(`${layer.logicalId}: unchanged, ${latest.LayerVersionArn}`);
      outcomes.push({ LogicalId: layer.logicalId, LayerVersionArn: latest.LayerVersionArn, Published: false });
      arns.set(layer.logicalId, latest.LayerVersionArn);
      continue;
    }
    const published = await api.publishLayerVersion(
      omitUndefined({
        LayerName: layer.layerName,
        Content: { ZipFile: zip },
        Description: layer.description,
        CompatibleRuntimes: layer.compatibleRuntimes,
        CompatibleArchitectures: layer.compatibleArchitectures,
        LicenseInfo: layer.licenseInfo,
      }),
    );
    progress(`${layer.logicalId}: published ${published.LayerVersionArn}`);
    if (latest !== undefined && !layer.retainReplaced) replaced.push(latest);
    outcomes.push({ LogicalId: layer.logicalId, LayerVersionArn: published.LayerVersionArn, Published: true });
    arns.set(layer.logicalId, published.LayerVersionArn);
  }
  return { outcomes, arns, replaced };
}

function latestVersion(api: LambdaApi, layerName: string): LayerVersionResponse | undefined {
  const [newest] = api.listLayerVersions({ LayerName: layerName, MaxItems: 1 }).LayerVersions;
  return newest === undefined ? undefined : api.getLayerVersion({ LayerName: layerName, VersionNumber: newest.Version });
}

function sameVersion(latest: LayerVersionResponse, layer: TemplateLayer, codeSha256: string): boolean {
  return (
    latest.Content.CodeSha256 === codeSha256 &&
    latest.Description === (layer.description ?? '') &&
    latest.LicenseInfo === layer.licenseInfo &&
    sameList(latest.CompatibleRuntimes, layer.compatibleRuntimes) &&
    sameList(latest.CompatibleArchitectures, layer.compatibleArchitectures)
  );
}

function sameList(stored: readonly string[] | undefined, wanted: readonly string[] | undefined): boolean {
  return JSON.stringify(stored ?? []) === JSON.stringify(wanted ?? []);
}
