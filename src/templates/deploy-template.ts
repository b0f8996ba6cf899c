import type { LambdaApi } from '../registry/lambda-api.js';
import { deployFunction, type FunctionOutcome } from './deploy-functions.js';
import { deployLayers, type LayerOutcome } from './deploy-layers.js';
import { loadTemplate, type LoadOptions } from './load-template.js';
import type { TemplateFunction } from './template-model.js';

export interface DeployResult {
  readonly Layers: LayerOutcome[];
  readonly Functions: FunctionOutcome[];
}

/**
 * `lsim deploy -t`: the template's layer versions first, then its functions with the ARNs those
 * resolved to, then the replaced versions whose policy does not retain them, as a stack update does.
 */
export async function deployTemplate(
  path: string,
  options: LoadOptions,
  api: LambdaApi,
  progress: (line: string) => void,
): Promise<DeployResult> {
  const first = loadTemplate(path, options);
  for (const note of first.notes) progress(note);
  const layers = await deployLayers(api, first.layers, progress);
  // Resolved again so that strings quoting a layer's ARN (`!Ref Layer` in a variable) get the published one.
  const model = loadTemplate(path, { ...options, layerArns: layers.arns });
  const functions: FunctionOutcome[] = [];
  for (const fn of model.functions) {
    const outcome = await deployFunction(api, fn, layerArns(fn, layers.arns));
    progress(`${fn.logicalId}: ${outcome.Action} ${outcome.FunctionArn}`);
    functions.push(outcome);
  }
  for (const version of layers.replaced) {
    api.deleteLayerVersion({ LayerName: version.LayerArn, VersionNumber: version.Version });
    progress(`deleted the replaced ${version.LayerVersionArn}`);
  }
  return { Layers: layers.outcomes, Functions: functions };
}

function layerArns(fn: TemplateFunction, published: ReadonlyMap<string, string>): string[] {
  return fn.layers.map((layer) => (layer.kind === 'arn' ? layer.arn : (published.get(layer.logicalId) ?? layer.logicalId)));
}
