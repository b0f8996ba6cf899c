import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LsimError } from '../common/errors.js';
import { parseTemplateText } from './cfn-yaml.js';
import { templateError } from './template-error.js';

export type JsonMap = Readonly<Record<string, unknown>>;

export interface RawResource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: JsonMap;
  readonly metadata: JsonMap;
  readonly condition?: string | undefined;
  readonly updateReplacePolicy?: string | undefined;
}

/** A template as parsed, before any intrinsic function is resolved. */
export interface TemplateDocument {
  readonly file: string;
  /** Relative CodeUri, ContentUri and asset paths are relative to the template's folder, as in SAM and CDK. */
  readonly dir: string;
  readonly parameters: JsonMap;
  readonly conditions: JsonMap;
  readonly globalFunction: JsonMap;
  readonly resources: ReadonlyMap<string, RawResource>;
}

export function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function section(template: JsonMap, name: string): JsonMap {
  const value = template[name];
  if (value === undefined || value === null) return {};
  if (!isMap(value)) throw templateError(name, 'must be a map');
  return value;
}

function optionalString(value: unknown, place: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw templateError(place, 'must be a string');
  return value;
}

export function readTemplateDocument(path: string, cwd: string): TemplateDocument {
  const file = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new LsimError('ParamValidation', `--template: no such file: ${file}`);
  }
  const template = parseTemplateText(text, file);
  if (!isMap(template)) throw templateError(file, 'a template is a map with a Resources section');
  const resources = new Map<string, RawResource>();
  for (const [logicalId, raw] of Object.entries(section(template, 'Resources'))) {
    const place = `Resources.${logicalId}`;
    if (!isMap(raw) || typeof raw.Type !== 'string') throw templateError(place, 'a resource is a map with a Type');
    if (raw.Properties !== undefined && !isMap(raw.Properties)) throw templateError(`${place}.Properties`, 'must be a map');
    if (raw.Metadata !== undefined && !isMap(raw.Metadata)) throw templateError(`${place}.Metadata`, 'must be a map');
    resources.set(logicalId, {
      logicalId,
      type: raw.Type,
      properties: raw.Properties ?? {},
      metadata: raw.Metadata ?? {},
      condition: optionalString(raw.Condition, `${place}.Condition`),
      updateReplacePolicy: optionalString(raw.UpdateReplacePolicy, `${place}.UpdateReplacePolicy`),
    });
  }
  if (resources.size === 0) throw templateError('Resources', 'the template has no resources');
  const globals = section(template, 'Globals');
  const globalFunction = globals.Function ?? {};
  if (!isMap(globalFunction)) throw templateError('Globals.Function', 'must be a map');
  return {
    file,
    dir: dirname(file),
    parameters: section(template, 'Parameters'),
    conditions: section(template, 'Conditions'),
    globalFunction,
    resources,
  };
}
