import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isMap, type RawResource, type TemplateDocument } from './template-document.js';
import { templateError } from './template-error.js';
import type { TemplateScope } from './template-scope.js';

/**
 * Where a function's code or a layer's content is on this machine. A synthesized CDK app says it in
 * the resource's metadata (`aws:asset:path` beside the property it stands for, `aws:asset:property`);
 * SAM and `aws cloudformation package` input templates give a local path in the property itself.
 */
export function localContent(doc: TemplateDocument, scope: TemplateScope, resource: RawResource, property: string): string {
  const place = `Resources.${resource.logicalId}.Properties.${property}`;
  const asset = resource.metadata['aws:asset:path'];
  const path =
    typeof asset === 'string' && resource.metadata['aws:asset:property'] === property ? asset : localPath(scope, resource, property, place);
  const absolute = resolve(doc.dir, path);
  if (!existsSync(absolute)) throw templateError(place, `${path}: no such file or directory (looked for ${absolute})`);
  return absolute;
}

function localPath(scope: TemplateScope, resource: RawResource, property: string, place: string): string {
  const raw = resource.properties[property];
  if (resource.properties.InlineCode !== undefined || (isMap(raw) && raw.ZipFile !== undefined)) {
    throw templateError(place, 'lsim does not run inline code: give a local folder or zip');
  }
  if (raw === undefined) throw templateError(place, `${resource.type} needs ${property}: a local folder or zip`);
  const value = scope.property(resource, property);
  if (typeof value === 'string' && !value.startsWith('s3://')) return value;
  throw templateError(
    place,
    'lsim reads code from a local folder or zip, not from S3: use the template from before `sam package`, or a cdk.out',
  );
}
