import { omitUndefined } from '../../common/omit-undefined.js';
import type { AliasRoutingConfiguration } from '../../registry/api-types.js';
import type { CommandDefinition } from '../command-definition.js';
import { ALIAS_NAME, ALIAS_OPTIONS } from './alias-options.js';
import { FUNCTION_NAME, REVISION_ID } from './common-options.js';

export const updateAlias: CommandDefinition = {
  name: 'update-alias',
  describe: 'Updates the configuration of a Lambda function alias.',
  operation: 'UpdateAlias',
  example: {
    command: 'lsim update-alias --function-name my-function --name LIVE --function-version 2',
    description: 'To update a function alias',
  },
  options: {
    'function-name': FUNCTION_NAME,
    name: ALIAS_NAME,
    'function-version': { kind: 'string', describe: 'The function version that the alias invokes.' },
    ...ALIAS_OPTIONS,
    'revision-id': { ...REVISION_ID, describe: "Only update the alias if the revision ID matches the ID that's specified." },
  },
  async handler(args, ctx) {
    const request = omitUndefined({
      FunctionName: args.required('function-name'),
      Name: args.required('name'),
      FunctionVersion: args.string('function-version'),
      Description: args.string('description'),
      RoutingConfig: args.structure<AliasRoutingConfiguration>('routing-config'),
      RevisionId: args.string('revision-id'),
    });
    return (await ctx.api()).updateAlias(request);
  },
};
