import type { CommandDefinition } from '../command-definition.js';
import { ALIAS_NAME } from './alias-options.js';
import { FUNCTION_NAME } from './common-options.js';

export const getAlias: CommandDefinition = {
  name: 'get-alias',
  describe: 'Returns details about a Lambda function alias.',
  operation: 'GetAlias',
  example: { command: 'lsim get-alias --function-name my-function --name LIVE', description: 'To retrieve a function alias' },
  options: { 'function-name': FUNCTION_NAME, name: ALIAS_NAME },
  async handler(args, ctx) {
    return (await ctx.api()).getAlias({ FunctionName: args.required('function-name'), Name: args.required('name') });
  },
};
