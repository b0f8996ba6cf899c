import { omitUndefined } from '../../common/omit-undefined.js';
import type { CommandDefinition } from '../command-definition.js';
import { FUNCTION_NAME, QUALIFIER } from './common-options.js';

export const getFunctionConfiguration: CommandDefinition = {
  name: 'get-function-configuration',
  describe: 'Returns the version-specific settings of a Lambda function.',
  operation: 'GetFunctionConfiguration',
  example: {
    command: 'lsim get-function-configuration --function-name my-function',
    description: 'To retrieve the version-specific settings of a Lambda function',
  },
  options: { 'function-name': FUNCTION_NAME, qualifier: QUALIFIER },
  async handler(args, ctx) {
    const request = omitUndefined({ FunctionName: args.required('function-name'), Qualifier: args.string('qualifier') });
    return (await ctx.api()).getFunctionConfiguration(request);
  },
};
