/** A template's layers and functions as lsim uses them: every intrinsic resolved, every path absolute. */

export const FUNCTION_TYPES: ReadonlySet<string> = new Set(['AWS::Serverless::Function', 'AWS::Lambda::Function']);
export const LAYER_TYPES: ReadonlySet<string> = new Set(['AWS::Serverless::LayerVersion', 'AWS::Lambda::LayerVersion']);

export interface TemplateLayer {
  readonly logicalId: string;
  readonly layerName: string;
  /** A folder (zipped as it is) or a zip. */
  readonly content: string;
  readonly description?: string | undefined;
  readonly compatibleRuntimes?: readonly string[] | undefined;
  readonly compatibleArchitectures?: readonly string[] | undefined;
  readonly licenseInfo?: string | undefined;
  /** Whether the version a new one replaces stays published (docs/templates.md#layer-versions). */
  readonly retainReplaced: boolean;
}

/** An entry of a function's Layers: a layer of this template, or a layer version ARN as written. */
export type FunctionLayerRef = { readonly kind: 'template'; readonly logicalId: string } | { readonly kind: 'arn'; readonly arn: string };

export interface TemplateFunction {
  readonly logicalId: string;
  /** The construct path of a CDK resource (`Stack/Fn/Resource`), from its `aws:cdk:path` metadata. */
  readonly cdkPath?: string | undefined;
  readonly functionName: string;
  readonly runtime: string;
  readonly handler: string;
  /** A folder or a zip. */
  readonly code: string;
  readonly layers: readonly FunctionLayerRef[];
  readonly environment?: Readonly<Record<string, string>> | undefined;
  readonly description?: string | undefined;
  readonly timeout?: number | undefined;
  readonly memorySize?: number | undefined;
  readonly architectures?: readonly string[] | undefined;
  readonly ephemeralStorageMb?: number | undefined;
}

export interface TemplateModel {
  readonly file: string;
  readonly layers: readonly TemplateLayer[];
  readonly functions: readonly TemplateFunction[];
  /** What lsim left out or did differently (skipped resources, unbuilt BuildMethod folders): for stderr. */
  readonly notes: readonly string[];
}
