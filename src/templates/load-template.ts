import { basename, dirname } from 'node:path';
import { buildFunction } from './build-functions.js';
import { buildLayer } from './build-layers.js';
import { resolveParameters } from './parameters.js';
import { readTemplateDocument, type RawResource, type TemplateDocument } from './template-document.js';
import { FUNCTION_TYPES, LAYER_TYPES, type TemplateFunction, type TemplateLayer, type TemplateModel } from './template-model.js';
import { TemplateScope, type StackContext } from './template-scope.js';

export interface LoadOptions extends StackContext {
  readonly cwd: string;
  readonly overrides?: ReadonlyMap<string, string> | undefined;
}

/** A SAM, CloudFormation or synthesized CDK template: parse, resolve its intrinsics, model its layers and functions. */
export function loadTemplate(path: string, options: LoadOptions): TemplateModel {
  const doc = readTemplateDocument(path, options.cwd);
  const scope = new TemplateScope(doc, resolveParameters(doc.parameters, options.overrides ?? new Map()), options);
  const layers: TemplateLayer[] = [];
  const functions: TemplateFunction[] = [];
  const notes: string[] = [];
  for (const resource of doc.resources.values()) {
    if (!FUNCTION_TYPES.has(resource.type) && !LAYER_TYPES.has(resource.type)) {
      notes.push(`${resource.logicalId} (${resource.type}) skipped: lsim simulates Lambda functions and layer versions only`);
    } else if (!scope.included(resource)) {
      notes.push(`${resource.logicalId} skipped: its condition ${String(resource.condition)} is false`);
    } else if (resource.properties.PackageType === 'Image') {
      notes.push(`${resource.logicalId} skipped: lsim runs zip functions, not container images`);
    } else {
      const note = buildMethodNote(doc, resource);
      if (note !== undefined) notes.push(note);
      if (LAYER_TYPES.has(resource.type)) layers.push(buildLayer(scope, resource));
      else functions.push(buildFunction(scope, resource));
    }
  }
  return { file: doc.file, layers, functions, notes };
}

/**
 * lsim never runs `sam build` (it needs the network and the build tools): a BuildMethod folder is
 * used as it is, and `-t .aws-sam/build/template.yaml` runs what `sam build` made (docs/templates.md#sam-build).
 */
function buildMethodNote(doc: TemplateDocument, resource: RawResource): string | undefined {
  const method = resource.metadata.BuildMethod;
  if (typeof method !== 'string' || isSamBuildOutput(doc.file)) return undefined;
  return (
    `${resource.logicalId} has Metadata.BuildMethod ${method}: lsim runs no build and uses its folder as it is; ` +
    'run `sam build` and pass -t .aws-sam/build/template.yaml to use the built one'
  );
}

function isSamBuildOutput(file: string): boolean {
  return basename(dirname(file)) === 'build' && basename(dirname(dirname(file))) === '.aws-sam';
}
