import { parseIntegerValue } from './integer-param.js';
import { paramError, paramValidationFailed } from './param-error.js';
import { pythonStr, pythonType } from './python-repr.js';
import { parseShorthand, ShorthandParseError } from './shorthand.js';
import type { MemberShape, StructureShape } from './structure-shape.js';

type Json = unknown;

function parseJson(cliName: string, value: string): Json {
  try {
    return JSON.parse(value) as Json;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw paramError(cliName, `Invalid JSON: ${reason}\nJSON received: ${value}`);
  }
}

function parseAsShorthand(cliName: string, value: string): Record<string, unknown> {
  try {
    return parseShorthand(value);
  } catch (error) {
    if (error instanceof ShorthandParseError) throw paramError(cliName, error.message);
    throw error;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The aws CLI's BackCompatVisitor: shorthand scalars are strings until the shape says integer. */
function coerceShorthand(parsed: Record<string, unknown>, shape: StructureShape): void {
  for (const [name, member] of Object.entries(shape.members)) {
    const value = parsed[name];
    if (member.type === 'integer' && value !== undefined) {
      if (typeof value !== 'string') throw paramValidationFailed([invalidType(`${shape.name}.${name}`, value, member)]);
      parsed[name] = parseIntegerValue(value);
    }
    // Shorthand map values are strings; botocore's float members take Python's float() of them.
    if (member.type === 'double-map' && isRecord(value)) {
      for (const [key, entry] of Object.entries(value)) {
        const number = typeof entry === 'string' && entry.trim() !== '' ? Number(entry) : Number.NaN;
        if (!Number.isNaN(number)) value[key] = number;
      }
    }
  }
}

const VALID_TYPES: Readonly<Record<MemberShape['type'], string>> = {
  string: "<class 'str'>",
  integer: "<class 'int'>",
  'string-map': "<class 'dict'>",
  'double-map': "<class 'dict'>",
};

const invalidType = (path: string, value: unknown, member: MemberShape): string =>
  `Invalid type for parameter ${path}, value: ${pythonStr(value)}, type: ${pythonType(value)}, ` +
  `valid types: ${VALID_TYPES[member.type]}`;

/** botocore's ParamValidator for the members lsim reads; all problems at once, as botocore reports. */
function validate(value: unknown, shape: StructureShape): string[] {
  if (!isRecord(value)) {
    return [
      `Invalid type for parameter ${shape.name}, value: ${pythonStr(value)}, type: ${pythonType(value)}, ` + "valid types: <class 'dict'>",
    ];
  }
  const problems: string[] = [];
  const memberNames = Object.keys(shape.members);
  for (const [name, member] of Object.entries(shape.members)) {
    if (member.required === true && value[name] === undefined) {
      problems.push(`Missing required parameter in ${shape.name}: "${name}"`);
    }
  }
  for (const [name, memberValue] of Object.entries(value)) {
    const member = shape.members[name];
    if (member === undefined) {
      problems.push(`Unknown parameter in ${shape.name}: "${name}", must be one of: ${memberNames.join(', ')}`);
    } else {
      problems.push(...validateMember(`${shape.name}.${name}`, memberValue, member));
    }
  }
  return problems;
}

function validateMember(path: string, value: unknown, member: MemberShape): string[] {
  switch (member.type) {
    case 'string':
      return typeof value === 'string' ? [] : [invalidType(path, value, member)];
    case 'integer':
      return Number.isSafeInteger(value) ? [] : [invalidType(path, value, member)];
    case 'string-map':
      if (!isRecord(value)) return [invalidType(path, value, member)];
      return Object.entries(value)
        .filter(([, entry]) => typeof entry !== 'string')
        .map(([key, entry]) => invalidType(`${path}.${key}`, entry, { type: 'string' }));
    case 'double-map':
      if (!isRecord(value)) return [invalidType(path, value, member)];
      return Object.entries(value)
        .filter(([, entry]) => typeof entry !== 'number')
        .map(
          ([key, entry]) =>
            `Invalid type for parameter ${path}.${key}, value: ${pythonStr(entry)}, type: ${pythonType(entry)}, ` +
            "valid types: <class 'float'>, <class 'decimal.Decimal'>, <class 'int'>",
        );
  }
}

/**
 * A structure parameter given as JSON (`{"S3Bucket": "b"}`) or shorthand (`S3Bucket=b,S3Key=k`),
 * checked against its shape with botocore's messages. The value has had paramfiles resolved.
 */
export function parseStructure<T>(cliName: string, value: string, shape: StructureShape): T {
  const trimmed = value.trim();
  let parsed: unknown;
  if (trimmed.startsWith('{')) {
    parsed = parseJson(cliName, value);
  } else if (trimmed.startsWith('[')) {
    throw paramError(cliName, `Invalid JSON:\n${value}`);
  } else {
    const shorthand = parseAsShorthand(cliName, value);
    coerceShorthand(shorthand, shape);
    parsed = shorthand;
  }
  const problems = validate(parsed, shape);
  if (problems.length > 0) throw paramValidationFailed(problems);
  return parsed as T;
}
