import { LsimError } from '../common/errors.js';
import type { TemplateFunction, TemplateModel } from './template-model.js';

/**
 * The function `lsim invoke -t` names: its logical id, its FunctionName, or (CDK, whose logical ids
 * end in a hash) its construct path or that path's last construct id (`Stack/Fn/Resource`: `Fn`).
 */
export function findFunction(model: TemplateModel, name: string): TemplateFunction {
  const exact = model.functions.filter((fn) => fn.logicalId === name || fn.functionName === name);
  const matches = exact.length > 0 ? exact : model.functions.filter((fn) => cdkNames(fn).includes(name));
  const [only] = matches;
  if (matches.length === 1 && only !== undefined) return only;
  const known = model.functions.map((fn) => fn.logicalId).join(', ');
  if (matches.length > 1) {
    throw new LsimError(
      'InvalidParameterValueException',
      `${name} names several functions of ${model.file}: ${matches.map((fn) => fn.logicalId).join(', ')}`,
    );
  }
  throw new LsimError(
    'ResourceNotFoundException',
    `Function not found: ${name} is not a function of ${model.file} (its functions: ${known || 'none'})`,
  );
}

function cdkNames(fn: TemplateFunction): string[] {
  if (fn.cdkPath === undefined) return [];
  const construct = fn.cdkPath.replace(/\/Resource$/, '');
  const withoutStack = construct.split('/').slice(1).join('/');
  return [fn.cdkPath, construct, withoutStack, construct.split('/').at(-1) ?? ''].filter((candidate) => candidate !== '');
}
