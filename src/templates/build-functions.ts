import { localContent } from './code-location.js';
import { ResourceRef } from './intrinsics.js';
import { isMap, type RawResource } from './template-document.js';
import { templateError } from './template-error.js';
import { LAYER_TYPES, type FunctionLayerRef, type TemplateFunction } from './template-model.js';
import type { TemplateScope } from './template-scope.js';
import { withGlobals } from './globals.js';
import { optionalInteger, optionalStringList, optionalStringMap } from './value-readers.js';

/** An AWS::Serverless::Function (with Globals.Function applied) or an AWS::Lambda::Function. */
export function buildFunction(scope: TemplateScope, raw: RawResource): TemplateFunction {
  const serverless = raw.type === 'AWS::Serverless::Function';
  const resource = serverless ? { ...raw, properties: withGlobals(scope.doc.globalFunction, raw.properties) } : raw;
  const place = (name: string): string => `Resources.${raw.logicalId}.Properties.${name}`;
  const required = (name: string): string => {
    const value = scope.optionalString(resource, name);
    if (value === undefined) throw templateError(place(name), `${raw.type} needs ${name}`);
    return value;
  };
  const environment = scope.property(resource, 'Environment');
  if (environment !== undefined && !isMap(environment)) throw templateError(place('Environment'), 'must be a map');
  const storage = scope.property(resource, 'EphemeralStorage');
  const cdkPath = raw.metadata['aws:cdk:path'];
  return {
    logicalId: raw.logicalId,
    cdkPath: typeof cdkPath === 'string' ? cdkPath : undefined,
    functionName: scope.functionName(resource),
    runtime: required('Runtime'),
    handler: required('Handler'),
    code: localContent(scope.doc, scope, resource, serverless ? 'CodeUri' : 'Code'),
    layers: layerRefs(scope, scope.property(resource, 'Layers'), place('Layers')),
    environment: optionalStringMap(environment?.Variables, scope, `${place('Environment')}.Variables`),
    description: scope.optionalString(resource, 'Description'),
    timeout: optionalInteger(scope.property(resource, 'Timeout'), place('Timeout')),
    memorySize: optionalInteger(scope.property(resource, 'MemorySize'), place('MemorySize')),
    architectures: optionalStringList(scope.property(resource, 'Architectures'), scope, place('Architectures')),
    ephemeralStorageMb: isMap(storage) ? optionalInteger(storage.Size, `${place('EphemeralStorage')}.Size`) : undefined,
  };
}

/** `Layers:` mixing `!Ref` of the template's layers (used from their folders) and layer version ARNs. */
function layerRefs(scope: TemplateScope, value: unknown, place: string): FunctionLayerRef[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw templateError(place, 'must be a list');
  return value.map((item: unknown, index): FunctionLayerRef => {
    const at = `${place}[${index}]`;
    if (item instanceof ResourceRef) {
      const target = scope.doc.resources.get(item.logicalId);
      if (target !== undefined && LAYER_TYPES.has(target.type) && scope.included(target))
        return { kind: 'template', logicalId: item.logicalId };
      return { kind: 'arn', arn: scope.refString(item.logicalId, at) };
    }
    if (typeof item !== 'string') throw templateError(at, 'a layer is a !Ref of a layer of the template or a layer version ARN');
    return { kind: 'arn', arn: item };
  });
}
