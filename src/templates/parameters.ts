import { LsimError } from '../common/errors.js';
import { isMap, type JsonMap } from './template-document.js';
import { templateError } from './template-error.js';

/** What `Ref` of a parameter gives: a string, or a list for the list types. */
export type ParameterValue = string | readonly string[];

/**
 * A parameter whose value lives in SSM Parameter Store (CDK's BootstrapVersion): a template may
 * declare it, only a Ref of it is an error, since lsim has no Parameter Store to read.
 */
export const FROM_SSM = Symbol('SSM parameter');

/**
 * `--parameter-overrides` as SAM takes it: `Key=Value` words, or the CloudFormation CLI's
 * `ParameterKey=Key,ParameterValue=Value` (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-cli-command-reference-sam-deploy.html).
 */
export function parseOverrides(words: readonly string[]): ReadonlyMap<string, string> {
  const overrides = new Map<string, string>();
  for (const word of words) {
    const long = /^ParameterKey=([^,]+),ParameterValue=(.*)$/s.exec(word);
    const short = /^([^=]+)=(.*)$/s.exec(word);
    const match = long ?? short;
    if (match === null) {
      throw new LsimError('ParamValidation', `--parameter-overrides: '${word}' is not Key=Value or ParameterKey=K,ParameterValue=V`);
    }
    overrides.set(match[1] ?? '', match[2] ?? '');
  }
  return overrides;
}

const LIST_TYPES = /^(CommaDelimitedList|List<.+>)$/;

/**
 * Each declared parameter's value, the override first, then its Default; CloudFormation's checks of
 * AllowedValues, AllowedPattern and Number (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html).
 */
export function resolveParameters(
  declared: JsonMap,
  overrides: ReadonlyMap<string, string>,
): ReadonlyMap<string, ParameterValue | typeof FROM_SSM> {
  for (const key of overrides.keys()) {
    if (declared[key] === undefined)
      throw templateError('Parameters', `--parameter-overrides names ${key}, which the template does not declare`);
  }
  const values = new Map<string, ParameterValue | typeof FROM_SSM>();
  for (const [name, spec] of Object.entries(declared)) {
    const place = `Parameters.${name}`;
    if (!isMap(spec) || typeof spec.Type !== 'string') throw templateError(place, 'a parameter is a map with a Type');
    if (spec.Type.startsWith('AWS::SSM::') && !overrides.has(name)) {
      values.set(name, FROM_SSM);
      continue;
    }
    const given = overrides.get(name) ?? scalarDefault(spec.Default, `${place}.Default`);
    if (given === undefined) throw templateError(place, `Parameters: [${name}] must have values`);
    check(name, spec, given, place);
    values.set(name, LIST_TYPES.test(spec.Type) ? given.split(',').map((item) => item.trim()) : given);
  }
  return values;
}

function scalarDefault(value: unknown, place: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(String).join(',');
  throw templateError(place, 'a Default is a string');
}

function check(name: string, spec: JsonMap, value: string, place: string): void {
  if (spec.Type === 'Number' && (value.trim() === '' || !Number.isFinite(Number(value)))) {
    throw templateError(place, `Parameter '${name}' must be a number`);
  }
  const allowed = spec.AllowedValues;
  if (Array.isArray(allowed) && !allowed.map(String).includes(value)) {
    throw templateError(place, `Parameter '${name}' must be one of AllowedValues`);
  }
  const pattern = spec.AllowedPattern;
  if (typeof pattern === 'string' && !new RegExp(`^(?:${pattern})$`).test(value)) {
    throw templateError(place, `Parameter '${name}' must match pattern ${pattern}`);
  }
}
