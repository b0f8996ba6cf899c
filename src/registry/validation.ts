import { LsimError } from '../common/errors.js';
import { matchesWhole } from './patterns.js';

/**
 * Collects constraint violations and throws them as one ValidationException worded like Lambda's
 * front end: `1 validation error detected: ...` or `N validation errors detected: ...; ...`.
 */
export class ValidationErrors {
  private readonly problems: string[] = [];

  /** `Value '{value}' at '{field}' failed to satisfy constraint: {constraint}`. */
  add(field: string, value: string, constraint: string): this {
    this.problems.push(`Value '${value}' at '${field}' failed to satisfy constraint: ${constraint}`);
    return this;
  }

  /** For problems whose wording does not quote a value (map keys, for one). */
  addRaw(problem: string): this {
    this.problems.push(problem);
    return this;
  }

  pattern(field: string, value: string, pattern: string): this {
    if (!matchesWhole(pattern, value)) {
      this.add(field, value, `Member must satisfy regular expression pattern: ${pattern}`);
    }
    return this;
  }

  minLength(field: string, value: string, min: number): this {
    if (value.length < min) this.add(field, value, `Member must have length greater than or equal to ${min}`);
    return this;
  }

  maxLength(field: string, value: string, max: number): this {
    if (value.length > max) this.add(field, value, `Member must have length less than or equal to ${max}`);
    return this;
  }

  range(field: string, value: number, min: number, max: number): this {
    if (value < min) this.add(field, String(value), `Member must have value greater than or equal to ${min}`);
    else if (value > max) this.add(field, String(value), `Member must have value less than or equal to ${max}`);
    return this;
  }

  throwIfAny(): void {
    const count = this.problems.length;
    if (count === 0) return;
    const head = count === 1 ? '1 validation error detected: ' : `${count} validation errors detected: `;
    throw new LsimError('ValidationException', head + this.problems.join('; '));
  }
}

/** Java's List.toString, which is how Lambda quotes list values and enum sets: `[a, b]`. */
export function formatList(values: readonly string[]): string {
  return `[${values.join(', ')}]`;
}
