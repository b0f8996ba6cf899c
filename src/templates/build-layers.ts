import { localContent } from './code-location.js';
import type { RawResource } from './template-document.js';
import { templateError } from './template-error.js';
import type { TemplateLayer } from './template-model.js';
import type { TemplateScope } from './template-scope.js';
import { optionalStringList } from './value-readers.js';

/**
 * An AWS::Serverless::LayerVersion (ContentUri, RetentionPolicy: Retain by default) or an
 * AWS::Lambda::LayerVersion (Content, the UpdateReplacePolicy attribute: Delete by default);
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-layerversion.html
 */
export function buildLayer(scope: TemplateScope, resource: RawResource): TemplateLayer {
  const serverless = resource.type === 'AWS::Serverless::LayerVersion';
  const place = (name: string): string => `Resources.${resource.logicalId}.Properties.${name}`;
  return {
    logicalId: resource.logicalId,
    layerName: scope.layerName(resource),
    content: localContent(scope.doc, scope, resource, serverless ? 'ContentUri' : 'Content'),
    description: scope.optionalString(resource, 'Description'),
    compatibleRuntimes: optionalStringList(scope.property(resource, 'CompatibleRuntimes'), scope, place('CompatibleRuntimes')),
    compatibleArchitectures: optionalStringList(
      scope.property(resource, 'CompatibleArchitectures'),
      scope,
      place('CompatibleArchitectures'),
    ),
    licenseInfo: scope.optionalString(resource, 'LicenseInfo'),
    retainReplaced: serverless
      ? retention(scope.optionalString(resource, 'RetentionPolicy'), place('RetentionPolicy'))
      : resource.updateReplacePolicy === 'Retain',
  };
}

function retention(policy: string | undefined, place: string): boolean {
  if (policy === undefined || policy.toLowerCase() === 'retain') return true;
  if (policy.toLowerCase() === 'delete') return false;
  throw templateError(place, `RetentionPolicy is Retain or Delete, not ${policy}`);
}
