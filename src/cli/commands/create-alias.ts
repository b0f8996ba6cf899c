import { omitUndefined } from '../../common/omit-undefined.js';
import type { AliasRoutingConfiguration } from '../../registry/api-types.js';
import type { CommandDefinition } from '../command-definition.js';
import { ALIAS_NAME, ALIAS_OPTIONS } from './alias-options.js';
import { FUNCTION_NAME } from './common-options.js';

export const createAlias: CommandDefinition = {
  name: 'create-alias',
  describe: 'Creates an alias for a Lambda function version. An alias can also route a share of invokes to a second version.',
  operation: 'CreateAlias',
  example: {
    command: 'lsim create-alias --function-name my-function --name LIVE --function-version 1',
    description: 'To create an alias for a Lambda function',
  },
  options: {
    'function-name': FUNCTION_NAME,
    name: ALIAS_NAME,
    'function-version': { kind: 'string', required: true, describe: 'The function version that the alias invokes.' },
    ...ALIAS_OPTIONS,
  },
  async handler(args, ctx) {
    const request = omitUndefined({
      FunctionName: args.required('function-name'),
      Name: args.required('name'),
      FunctionVersion: args.required('function-version'),
      Description: args.string('description'),
      RoutingConfig: args.structure<AliasRoutingConfiguration>('routing-config'),
    });
    return (await ctx.api()).createAlias(request);
  },
};
