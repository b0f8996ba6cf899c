import type * as Jmespath from 'jmespath';
import { LsimError } from '../../common/errors.js';
import { lazyRequire } from '../lazy-require.js';

export type Query = (value: unknown) => unknown;

/**
 * `--query`: a JMESPath expression (https://jmespath.org/specification.html; the aws CLI uses the
 * Python implementation, lsim the JavaScript one of the same project). Checked once before the call,
 * as the aws CLI does, so a bad expression fails before anything is sent.
 */
export function compileQuery(expression: string): Query {
  const jmespath = lazyRequire('jmespath') as typeof Jmespath;
  try {
    // The parser alone: evaluating here would fail on functions given the wrong types (merge(null)).
    (jmespath as unknown as { compile(expression: string): unknown }).compile(expression);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new LsimError('ParamValidation', `Bad value for --query ${expression}: Invalid jmespath expression: ${detail}`);
  }
  return (value) => jmespath.search(value, expression) as unknown;
}
