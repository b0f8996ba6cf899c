import { omitUndefined } from '../../common/omit-undefined.js';
import type { CommandDefinition } from '../command-definition.js';
import { FUNCTION_NAME, QUALIFIER } from './common-options.js';

export const getFunction: CommandDefinition = {
  name: 'get-function',
  describe: 'Returns information about the function, with a link to download its deployment package.',
  operation: 'GetFunction',
  example: { command: 'lsim get-function --function-name my-function', description: 'To retrieve information about a function' },
  options: { 'function-name': FUNCTION_NAME, qualifier: QUALIFIER },
  async handler(args, ctx) {
    const request = omitUndefined({ FunctionName: args.required('function-name'), Qualifier: args.string('qualifier') });
    return (await ctx.api()).getFunction(request);
  },
};
