import { functionArn, layerVersionArn } from '../common/arn.js';
import { asString, evaluateCondition, resolveValue, type IntrinsicScope } from './intrinsics.js';
import { FROM_SSM, type ParameterValue } from './parameters.js';
import { FUNCTION_TYPES, LAYER_TYPES } from './template-model.js';
import type { RawResource, TemplateDocument } from './template-document.js';
import { templateError } from './template-error.js';

/** The account and region lsim's configuration resolved, and the stack name `deploy` was given. */
export interface StackContext {
  readonly region: string;
  readonly accountId: string;
  readonly stackName?: string | undefined;
  /** The ARNs `deploy` published for the template's layers, by logical id. */
  readonly layerArns?: ReadonlyMap<string, string> | undefined;
}

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html */
function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/**
 * The lookups of one template: its parameter values, its conditions (each evaluated once, a cycle
 * refused) and what its layers and functions are called, as CloudFormation names them.
 */
export class TemplateScope implements IntrinsicScope {
  private readonly conditions = new Map<string, boolean>();
  private readonly evaluating = new Set<string>();

  constructor(
    readonly doc: TemplateDocument,
    private readonly parameters: ReadonlyMap<string, ParameterValue | typeof FROM_SSM>,
    readonly stack: StackContext,
  ) {}

  parameter(name: string, place: string): ParameterValue | undefined {
    const value = this.parameters.get(name);
    if (value === FROM_SSM)
      throw templateError(place, `lsim cannot read the SSM parameter ${name}: give its value with --parameter-overrides ${name}=VALUE`);
    return value;
  }

  pseudo(name: string): string | undefined {
    const { region, accountId, stackName } = this.stack;
    const stack = stackName ?? 'lsim';
    const values: Readonly<Record<string, string>> = {
      'AWS::Region': region,
      'AWS::AccountId': accountId,
      'AWS::Partition': partitionOf(region),
      'AWS::URLSuffix': region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com',
      'AWS::StackName': stack,
      'AWS::StackId': `arn:${partitionOf(region)}:cloudformation:${region}:${accountId}:stack/${stack}/00000000-0000-0000-0000-000000000000`,
    };
    return values[name];
  }

  condition(name: string, place: string): boolean {
    const known = this.conditions.get(name);
    if (known !== undefined) return known;
    const definition = this.doc.conditions[name];
    if (definition === undefined) throw templateError(place, `Unresolved condition dependencies [${name}]`);
    if (this.evaluating.has(name)) throw templateError(`Conditions.${name}`, 'the condition depends on itself');
    this.evaluating.add(name);
    const value = evaluateCondition(definition, this, `Conditions.${name}`);
    this.evaluating.delete(name);
    this.conditions.set(name, value);
    return value;
  }

  /** Whether a resource is in the stack: a false Condition leaves it out. */
  included(resource: RawResource): boolean {
    return resource.condition === undefined || this.condition(resource.condition, `Resources.${resource.logicalId}.Condition`);
  }

  hasResource(logicalId: string): boolean {
    return this.doc.resources.has(logicalId);
  }

  /** A property of a resource, every intrinsic in it resolved. */
  property(resource: RawResource, name: string, properties = resource.properties): unknown {
    return resolveValue(properties[name], this, `Resources.${resource.logicalId}.Properties.${name}`);
  }

  optionalString(resource: RawResource, name: string, properties = resource.properties): string | undefined {
    const value = this.property(resource, name, properties);
    return value === undefined ? undefined : asString(value, this, `Resources.${resource.logicalId}.Properties.${name}`);
  }

  /** CloudFormation names an unnamed function `<stack>-<LogicalId>-<suffix>`; lsim drops the random suffix. */
  functionName(resource: RawResource): string {
    const given = this.optionalString(resource, 'FunctionName');
    if (given !== undefined) return given;
    return this.stack.stackName === undefined ? resource.logicalId : `${this.stack.stackName}-${resource.logicalId}`;
  }

  layerName(resource: RawResource): string {
    return this.optionalString(resource, 'LayerName') ?? resource.logicalId;
  }

  refString(logicalId: string, place: string): string {
    const resource = this.usable(logicalId, place);
    if (FUNCTION_TYPES.has(resource.type)) return this.functionName(resource);
    return this.layerArn(resource);
  }

  attribute(logicalId: string, attribute: string, place: string): string {
    const resource = this.usable(logicalId, place);
    const { region, accountId } = this.stack;
    if (FUNCTION_TYPES.has(resource.type) && attribute === 'Arn') return functionArn(region, accountId, this.functionName(resource));
    if (LAYER_TYPES.has(resource.type) && attribute === 'LayerVersionArn') return this.layerArn(resource);
    throw templateError(place, `lsim does not know the attribute ${attribute} of ${logicalId} (${resource.type})`);
  }

  /**
   * Before `deploy` publishes a layer, its ARN is that of version 1: only strings that quote a
   * layer's ARN see it (docs/templates.md#ref-and-getatt); Layers entries use the layer itself.
   */
  private layerArn(resource: RawResource): string {
    const published = this.stack.layerArns?.get(resource.logicalId);
    return published ?? layerVersionArn(this.stack.region, this.stack.accountId, this.layerName(resource), 1);
  }

  private usable(logicalId: string, place: string): RawResource {
    const resource = this.doc.resources.get(logicalId);
    if (resource === undefined)
      throw templateError(place, `Unresolved resource dependencies [${logicalId}] in the Resources block of the template`);
    if (!FUNCTION_TYPES.has(resource.type) && !LAYER_TYPES.has(resource.type)) {
      throw templateError(place, `${logicalId} is a ${resource.type}, which lsim does not simulate`);
    }
    if (!this.included(resource))
      throw templateError(place, `${logicalId} is left out of the stack by its condition ${String(resource.condition)}`);
    return resource;
  }
}
