import { isMap } from './template-document.js';
import { templateError } from './template-error.js';
import type { ParameterValue } from './parameters.js';

/** `Ref: AWS::NoValue`: the property, or the list item, is removed as if it were not written. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** `Ref` of a resource as a whole value: what it stands for depends on where it is used (a layer in Layers). */
export class ResourceRef {
  constructor(readonly logicalId: string) {}
}

/** What the intrinsic functions look up: the template's parameters, conditions and resources. */
export interface IntrinsicScope {
  parameter(name: string, place: string): ParameterValue | undefined;
  /** AWS::Region and the other pseudo parameters, from lsim's resolved configuration. */
  pseudo(name: string): string | undefined;
  condition(name: string, place: string): boolean;
  hasResource(logicalId: string): boolean;
  /** `Ref` of a resource where a string is needed: in `Fn::Sub`, `Fn::Join`, or a string property. */
  refString(logicalId: string, place: string): string;
  attribute(logicalId: string, attribute: string, place: string): string;
}

const RESOLVED = ['Ref', 'Fn::Sub', 'Fn::GetAtt', 'Fn::Join', 'Fn::If'];

/** The one key of `{Ref: ...}` or `{"Fn::X": ...}`, else undefined (a plain map). */
export function intrinsicName(value: unknown): string | undefined {
  if (!isMap(value)) return undefined;
  const keys = Object.keys(value);
  const [key] = keys;
  return keys.length === 1 && key !== undefined && (key === 'Ref' || key.startsWith('Fn::')) ? key : undefined;
}

/**
 * Resolves every intrinsic function in a value (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html).
 * `place` is the value's path in the template, named by every error.
 */
export function resolveValue(value: unknown, scope: IntrinsicScope, place: string): unknown {
  const name = intrinsicName(value);
  if (name !== undefined && isMap(value)) return resolveFunction(name, value[name], scope, `${place}.${name}`);
  if (Array.isArray(value)) {
    return value.map((item, index) => resolveValue(item, scope, `${place}[${index}]`)).filter((item) => item !== NO_VALUE);
  }
  if (isMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      const resolved = resolveValue(member, scope, `${place}.${key}`);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }
  return value;
}

function resolveFunction(name: string, argument: unknown, scope: IntrinsicScope, place: string): unknown {
  switch (name) {
    case 'Ref':
      return resolveRef(argument, scope, place);
    case 'Fn::GetAtt':
      return resolveGetAtt(argument, scope, place);
    case 'Fn::Sub':
      return resolveSub(argument, scope, place);
    case 'Fn::Join':
      return resolveJoin(argument, scope, place);
    case 'Fn::If':
      return resolveIf(argument, scope, place);
    default:
      throw templateError(
        place,
        `${name} is not supported by lsim (it resolves ${RESOLVED.join(', ')} and, in Conditions, Fn::Equals, Fn::Not, Fn::And, Fn::Or)`,
      );
  }
}

function resolveRef(argument: unknown, scope: IntrinsicScope, place: string): unknown {
  if (typeof argument !== 'string') throw templateError(place, 'Ref takes the name of a parameter or a resource');
  if (argument === 'AWS::NoValue') return NO_VALUE;
  const parameter = scope.parameter(argument, place);
  if (parameter !== undefined) return parameter;
  const pseudo = scope.pseudo(argument);
  if (pseudo !== undefined) return pseudo;
  if (scope.hasResource(argument)) return new ResourceRef(argument);
  throw templateError(place, `Unresolved resource dependencies [${argument}] in the Resources block of the template`);
}

function resolveGetAtt(argument: unknown, scope: IntrinsicScope, place: string): string {
  const parts = typeof argument === 'string' ? argument.split(/\.(.*)/s, 2) : argument;
  if (!Array.isArray(parts) || parts.length !== 2) throw templateError(place, 'Fn::GetAtt takes [LogicalId, Attribute]');
  const [logicalId, attribute] = parts.map((part, index) => asString(resolveValue(part, scope, `${place}[${index}]`), scope, place));
  if (logicalId === undefined || attribute === undefined || !scope.hasResource(logicalId)) {
    throw templateError(place, `Unresolved resource dependencies [${String(logicalId)}] in the Resources block of the template`);
  }
  return scope.attribute(logicalId, attribute, place);
}

function resolveSub(argument: unknown, scope: IntrinsicScope, place: string): string {
  const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
  if (typeof text !== 'string' || !isMap(variables) || (Array.isArray(argument) && argument.length !== 2)) {
    throw templateError(place, 'Fn::Sub takes a string, or [string, {Name: value}]');
  }
  return text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    // `${!Literal}` writes `${Literal}` (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-sub.html).
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    if (name in variables) return asString(resolveValue(variables[name], scope, `${place}[1].${name}`), scope, place);
    const dot = name.indexOf('.');
    if (dot > 0 && scope.hasResource(name.slice(0, dot))) return scope.attribute(name.slice(0, dot), name.slice(dot + 1), place);
    const value = resolveRef(name, scope, place);
    if (value === NO_VALUE) throw templateError(place, `${whole} cannot be AWS::NoValue`);
    return asString(value, scope, place);
  });
}

function resolveJoin(argument: unknown, scope: IntrinsicScope, place: string): string {
  if (!Array.isArray(argument) || argument.length !== 2 || typeof argument[0] !== 'string') {
    throw templateError(place, 'Fn::Join takes [delimiter, [values]]');
  }
  const list = resolveValue(argument[1], scope, `${place}[1]`);
  if (!Array.isArray(list)) throw templateError(`${place}[1]`, 'Fn::Join joins a list');
  return list.map((item, index) => asString(item, scope, `${place}[1][${index}]`)).join(argument[0]);
}

function resolveIf(argument: unknown, scope: IntrinsicScope, place: string): unknown {
  if (!Array.isArray(argument) || argument.length !== 3 || typeof argument[0] !== 'string') {
    throw templateError(place, 'Fn::If takes [ConditionName, value if true, value if false]');
  }
  const chosen = scope.condition(argument[0], place) ? 1 : 2;
  return resolveValue(argument[chosen], scope, `${place}[${chosen}]`);
}

/** A resolved value where the template needs a string (numbers and booleans are written as strings). */
export function asString(value: unknown, scope: IntrinsicScope, place: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof ResourceRef) return scope.refString(value.logicalId, place);
  throw templateError(place, 'must be a string');
}

/** A condition of the Conditions section (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-conditions.html). */
export function evaluateCondition(value: unknown, scope: IntrinsicScope, place: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && (value === 'true' || value === 'false')) return value === 'true';
  if (isMap(value) && Object.keys(value).length === 1 && typeof value.Condition === 'string') {
    return scope.condition(value.Condition, `${place}.Condition`);
  }
  const name = intrinsicName(value);
  if (name === undefined || !isMap(value)) throw templateError(place, 'a condition is Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition');
  const argument = value[name];
  const at = `${place}.${name}`;
  const operands = (count?: number): unknown[] => {
    if (!Array.isArray(argument) || (count !== undefined && argument.length !== count) || argument.length === 0) {
      throw templateError(at, `${name} takes ${count === undefined ? 'a list of conditions' : `a list of ${count}`}`);
    }
    return argument;
  };
  const each = (items: unknown[]): boolean[] => items.map((item, index) => evaluateCondition(item, scope, `${at}[${index}]`));
  switch (name) {
    case 'Fn::Equals': {
      const [left, right] = operands(2).map((item, index) => comparable(resolveValue(item, scope, `${at}[${index}]`), scope, at));
      return left === right;
    }
    case 'Fn::Not':
      return !each(operands(1)).every(Boolean);
    case 'Fn::And':
      return each(operands()).every(Boolean);
    case 'Fn::Or':
      return each(operands()).some(Boolean);
    default:
      throw templateError(at, `${name} is not a condition function (Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition)`);
  }
}

function comparable(value: unknown, scope: IntrinsicScope, place: string): string {
  return Array.isArray(value) ? value.map((item) => asString(item, scope, place)).join(',') : asString(value, scope, place);
}
