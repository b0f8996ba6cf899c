import { paramError, paramValidationFailed } from './param-error.js';
import { pythonStr, pythonType } from './python-repr.js';

/**
 * A list of strings as the aws CLI reads it: `--layers a b c`, or one JSON list `--layers '["a","b"]'`
 * (so the literal `--layers []` is the empty list), or a bare `--layers` (also empty). `memberName`
 * is the API member, for botocore's type messages. Paramfiles have been resolved for a single value.
 */
export function parseStringList(cliName: string, memberName: string, values: readonly string[]): string[] {
  const [single] = values;
  if (values.length !== 1 || single === undefined || !single.trim().startsWith('[')) return [...values];
  let parsed: unknown;
  try {
    parsed = JSON.parse(single) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw paramError(cliName, `Invalid JSON: ${reason}\nJSON received: ${single}`);
  }
  if (!Array.isArray(parsed)) {
    throw paramValidationFailed([
      `Invalid type for parameter ${memberName}, value: ${pythonStr(parsed)}, type: ${pythonType(parsed)}, ` +
        "valid types: <class 'list'>, <class 'tuple'>",
    ]);
  }
  const problems = parsed.flatMap((item: unknown, index) =>
    typeof item === 'string'
      ? []
      : [
          `Invalid type for parameter ${memberName}[${index}], value: ${pythonStr(item)}, ` +
            `type: ${pythonType(item)}, valid types: <class 'str'>`,
        ],
  );
  if (problems.length > 0) throw paramValidationFailed(problems);
  return parsed as string[];
}
