/**
 * A port of the aws CLI's shorthand syntax parser (awscli/shorthand.py, `ShorthandParser`), so
 * `S3Bucket=b,S3Key=k` and `Variables={K=V,K2=V2}` parse to the same values as with `aws lambda`,
 * including its error messages. Purely syntactic: types come later from the parameter's shape.
 * The `key@=file://...` form is not supported.
 */
export type ShorthandValue = string | ShorthandValue[] | { [key: string]: ShorthandValue };
export type ShorthandObject = { [key: string]: ShorthandValue };

export class ShorthandParseError extends Error {}

const WHITESPACE = ' \t\n\r\v\f';
const KEY_CHARS = /[A-Za-z0-9\-_.#/:]/;
const ESCAPED_COMMA = '(?:\\\\,)';
const START_WORD = '!#-&(-+\\--<>-Z\\\\-z|-\\uffff';
const FIRST_FOLLOW = '\\s!#-&(-+\\--\\\\^-|~-\\uffff';
const SECOND_FOLLOW = '\\s!#-&(-+\\--<>-\\uffff';

interface NamedRegex {
  readonly name: string;
  readonly regex: RegExp;
}

const FIRST_VALUE: NamedRegex = {
  name: 'first',
  regex: new RegExp(`(?:${ESCAPED_COMMA}|[${START_WORD}])(?:${ESCAPED_COMMA}|[${FIRST_FOLLOW}])*`, 'y'),
};
const SECOND_VALUE: NamedRegex = {
  name: 'second',
  regex: new RegExp(`(?:${ESCAPED_COMMA}|[${START_WORD}])(?:${ESCAPED_COMMA}|[${SECOND_FOLLOW}])*`, 'y'),
};
const SINGLE_QUOTED: NamedRegex = { name: 'singled quoted', regex: /'(?:\\'|[^'])*'/y };
const DOUBLE_QUOTED: NamedRegex = { name: 'double quoted', regex: /"(?:\\"|[^"])*"/y };

/** The input with a caret under the failing position, as the aws CLI draws it. */
function errorLocation(value: string, index: number): string {
  let consumed = value;
  let remaining = '';
  let spaces = index;
  const before = value.slice(0, index);
  if (before.includes('\n')) spaces = index - before.lastIndexOf('\n') - 1;
  const after = value.slice(index);
  if (after.includes('\n')) {
    const nextNewline = index + after.indexOf('\n');
    consumed = value.slice(0, nextNewline);
    remaining = value.slice(nextNewline);
  }
  return `${consumed}\n${' '.repeat(spaces)}^${remaining}`;
}

const syntaxError = (value: string, expected: string, actual: string, index: number): ShorthandParseError =>
  new ShorthandParseError(`Expected: '${expected}', received: '${actual}' for input:\n${errorLocation(value, index)}`);

class Parser {
  private index = 0;

  constructor(private readonly input: string) {}

  parameter(): ShorthandObject {
    const params: ShorthandObject = {};
    const [firstKey, firstValue] = this.keyval();
    params[firstKey] = firstValue;
    let lastIndex = this.index;
    while (this.index < this.input.length) {
      this.expect(',', true);
      const [key, value] = this.keyval();
      if (Object.hasOwn(params, key)) {
        throw new ShorthandParseError(
          `Second instance of key "${key}" encountered for input:\n${errorLocation(this.input, lastIndex + 1)}\n` +
            'This is often because there is a preceding "," instead of a space.',
        );
      }
      params[key] = value;
      lastIndex = this.index;
    }
    return params;
  }

  private keyval(): [string, ShorthandValue] {
    const key = this.key();
    this.expect('=', true);
    return [key, this.values()];
  }

  private key(): string {
    const start = this.index;
    while (!this.atEof() && KEY_CHARS.test(this.input[this.index] ?? '')) this.index += 1;
    return this.input.slice(start, this.index);
  }

  private values(): ShorthandValue {
    if (this.atEof()) return '';
    if (this.current() === '[') return this.explicitList();
    if (this.current() === '{') return this.hashLiteral();
    return this.csvValue();
  }

  // `foo=bar` is a scalar, `foo=bar,baz` a list; `a=b,c=d` backtracks to the comma before `c`.
  private csvValue(): ShorthandValue {
    const firstValue = this.firstValue();
    this.consumeWhitespace();
    if (this.atEof() || this.input[this.index] !== ',') return firstValue;
    this.expect(',', true);
    const list: string[] = [firstValue];
    for (;;) {
      try {
        const value = this.secondValue();
        this.consumeWhitespace();
        if (this.atEof()) {
          list.push(value);
          break;
        }
        this.expect(',', true);
        list.push(value);
      } catch (error) {
        if (!(error instanceof ShorthandParseError) || this.atEof()) throw error;
        this.backtrackTo(',');
        break;
      }
    }
    return list.length === 1 ? firstValue : list;
  }

  private plainValue(): string {
    const matched = this.match(FIRST_VALUE);
    return matched === undefined ? '' : matched.replaceAll('\\,', ',').trimEnd();
  }

  private explicitList(): ShorthandValue[] {
    this.expect('[', true);
    const values: ShorthandValue[] = [];
    while (this.current() !== ']') {
      values.push(this.explicitValues());
      this.consumeWhitespace();
      if (this.current() !== ']') {
        this.expect(',');
        this.consumeWhitespace();
      }
    }
    this.expect(']');
    return values;
  }

  private explicitValues(): ShorthandValue {
    if (this.current() === '[') return this.explicitList();
    if (this.current() === '{') return this.hashLiteral();
    return this.firstValue();
  }

  private hashLiteral(): ShorthandObject {
    this.expect('{', true);
    const keyvals: ShorthandObject = {};
    while (this.current() !== '}') {
      const key = this.key();
      this.expect('=', true);
      const value = this.explicitValues();
      this.consumeWhitespace();
      if (this.current() !== '}') {
        this.expect(',');
        this.consumeWhitespace();
      }
      keyvals[key] = value;
    }
    this.expect('}');
    return keyvals;
  }

  private firstValue(): string {
    if (this.current() === "'") return this.quoted(SINGLE_QUOTED, "'");
    if (this.current() === '"') return this.quoted(DOUBLE_QUOTED, '"');
    return this.plainValue();
  }

  private secondValue(): string {
    if (this.current() === "'") return this.quoted(SINGLE_QUOTED, "'");
    if (this.current() === '"') return this.quoted(DOUBLE_QUOTED, '"');
    return this.mustMatch(SECOND_VALUE).replaceAll('\\,', ',').trimEnd();
  }

  private quoted(regex: NamedRegex, quote: string): string {
    return this.mustMatch(regex).slice(1, -1).replaceAll(`\\${quote}`, quote).replaceAll('\\\\', '\\');
  }

  private expect(char: string, consumeWhitespace = false): void {
    if (consumeWhitespace) this.consumeWhitespace();
    if (this.index >= this.input.length) throw syntaxError(this.input, char, 'EOF', this.index);
    const actual = this.input[this.index] ?? '';
    if (actual !== char) throw syntaxError(this.input, char, actual, this.index);
    this.index += 1;
    if (consumeWhitespace) this.consumeWhitespace();
  }

  private match(named: NamedRegex): string | undefined {
    named.regex.lastIndex = this.index;
    const result = named.regex.exec(this.input);
    if (result === null) return undefined;
    this.index += result[0].length;
    return result[0];
  }

  private mustMatch(named: NamedRegex): string {
    const matched = this.match(named);
    if (matched === undefined) throw syntaxError(this.input, `<${named.name}>`, '<none>', this.index);
    return matched;
  }

  private current(): string | undefined {
    return this.input[this.index];
  }

  private atEof(): boolean {
    return this.index >= this.input.length;
  }

  private backtrackTo(char: string): void {
    while (this.index >= 0 && this.input[this.index] !== char) this.index -= 1;
  }

  private consumeWhitespace(): void {
    while (!this.atEof() && WHITESPACE.includes(this.input[this.index] ?? '')) this.index += 1;
  }
}

/** `a=b` → `{a: 'b'}`, `a=b,c` → `{a: ['b', 'c']}`, `a={b=c}` → `{a: {b: 'c'}}`. */
export function parseShorthand(value: string): ShorthandObject {
  return new Parser(value).parameter();
}
