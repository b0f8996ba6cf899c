import type * as Yaml from 'yaml';
import { lazyRequire } from '../lazy-require.js';
import { PythonFloat } from './python-str.js';

/** YAML 1.2 timestamps, which ruamel.yaml still resolves implicitly and so quotes when they are strings. */
const TIMESTAMP =
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/;

/** A PythonFloat becomes a number that keeps its `.0`. */
const floatsAsScalars =
  ({ Scalar }: typeof Yaml) =>
  (_key: unknown, value: unknown): unknown => {
    if (!(value instanceof PythonFloat)) return value;
    const scalar = new Scalar(value.value);
    scalar.minFractionDigits = 1;
    return scalar;
  };

/**
 * The aws CLI's `--output yaml` (awscli/formatter.py YAMLDumper: ruamel.yaml's safe dumper, block
 * style): mapping keys sorted (the safe representer sorts them), sequences not indented under their
 * key, empty collections as `{}` / `[]`, strings plain unless YAML would read them as something else,
 * then single-quoted (line breaks too). A scalar result (from `--query`) is printed as JSON instead,
 * as the aws CLI does to avoid YAML's `...` end marker.
 */
export function formatYaml(value: unknown): string {
  if (value === null || typeof value !== 'object') return `${JSON.stringify(value)}\n`;
  const yaml = lazyRequire('yaml') as typeof Yaml;
  const { Document, isCollection, isScalar, Scalar, visit } = yaml;
  const document = new Document(value, floatsAsScalars(yaml), { sortMapEntries: true });
  visit(document, {
    Node(_key, node) {
      if (isCollection(node) && node.items.length === 0) node.flow = true;
      if (isScalar(node) && typeof node.value === 'string') {
        if (TIMESTAMP.test(node.value)) node.type = Scalar.QUOTE_SINGLE;
        if (node.value.includes('\n')) node.type = Scalar.QUOTE_SINGLE;
      }
    },
  });
  return document.toString({
    indentSeq: false,
    singleQuote: true,
    lineWidth: 0,
    nullStr: 'null',
    trueStr: 'true',
    falseStr: 'false',
    defaultStringType: Scalar.PLAIN,
    defaultKeyType: Scalar.PLAIN,
  });
}
