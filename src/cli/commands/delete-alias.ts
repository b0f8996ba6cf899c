import type { CommandDefinition } from '../command-definition.js';
import { ALIAS_NAME } from './alias-options.js';
import { FUNCTION_NAME } from './common-options.js';

export const deleteAlias: CommandDefinition = {
  name: 'delete-alias',
  describe: 'Deletes a Lambda function alias.',
  operation: 'DeleteAlias',
  example: { command: 'lsim delete-alias --function-name my-function --name LIVE', description: 'To delete a Lambda function alias' },
  options: { 'function-name': FUNCTION_NAME, name: ALIAS_NAME },
  async handler(args, ctx) {
    (await ctx.api()).deleteAlias({ FunctionName: args.required('function-name'), Name: args.required('name') });
    return undefined;
  },
};
