import { omitUndefined } from '../../common/omit-undefined.js';
import type { CommandDefinition } from '../command-definition.js';
import { FUNCTION_NAME, QUALIFIER } from './common-options.js';

export const deleteFunction: CommandDefinition = {
  name: 'delete-function',
  describe: 'Deletes a Lambda function. Layer versions it used stay where they are.',
  operation: 'DeleteFunction',
  example: { command: 'lsim delete-function --function-name my-function', description: 'To delete a Lambda function by function name' },
  options: { 'function-name': FUNCTION_NAME, qualifier: QUALIFIER },
  async handler(args, ctx) {
    const request = omitUndefined({ FunctionName: args.required('function-name'), Qualifier: args.string('qualifier') });
    (await ctx.api()).deleteFunction(request);
    // The model binds the HTTP status to the output's StatusCode, so the aws CLI prints Lambda's 204
    // (docs/lambda-facts.md#member-order).
    return { StatusCode: 204 };
  },
};
