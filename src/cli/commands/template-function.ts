import type { AdHocFunction } from '../../execution/prepare-plan.js';
import type { TemplateFunction, TemplateModel } from '../../templates/template-model.js';
import { findFunction } from '../../templates/find-function.js';
import { loadTemplate, type LoadOptions } from '../../templates/load-template.js';
import { parseOverrides } from '../../templates/parameters.js';
import type { ArgReader } from '../arg-reader.js';
import type { CliContext } from '../context.js';

/** `-t`, `--parameter-overrides` and the stack name as `loadTemplate` takes them. */
export function templateOptions(args: ArgReader, ctx: CliContext): LoadOptions {
  return {
    cwd: ctx.cwd,
    region: ctx.config.region,
    accountId: ctx.config.accountId,
    stackName: args.string('stack-name'),
    overrides: parseOverrides(args.repeated('parameter-overrides')),
  };
}

/**
 * `lsim invoke -t T Fn`: the template's function as an ad-hoc one (`sam local invoke`: nothing is
 * registered), its template layers from their folders or zips, its layer version ARNs from the registry.
 */
export function templateFunction(template: string, name: string, args: ArgReader, ctx: CliContext): AdHocFunction {
  const model = loadTemplate(template, templateOptions(args, ctx));
  for (const note of model.notes) ctx.progress(`${note}\n`);
  const fn = findFunction(model, name);
  return {
    runtime: fn.runtime,
    architecture: fn.architectures?.[0],
    handler: fn.handler,
    code: fn.code,
    layers: localLayers(model, fn),
    environment: fn.environment,
    timeoutSeconds: fn.timeout,
    memoryMb: fn.memorySize,
    ephemeralStorageMb: fn.ephemeralStorageMb,
    functionName: fn.functionName,
  };
}

/** A function's Layers as an ad-hoc invoke or the doctor takes them: the template's layers by their folder or zip, ARNs as written. */
export function localLayers(model: TemplateModel, fn: TemplateFunction): string[] {
  const contents = new Map(model.layers.map((layer) => [layer.logicalId, layer.content]));
  return fn.layers.map((layer) => (layer.kind === 'arn' ? layer.arn : (contents.get(layer.logicalId) ?? layer.logicalId)));
}
