import { omitUndefined } from '../../common/omit-undefined.js';
import type { EnvironmentInput } from '../../registry/api-types.js';
import type { CommandDefinition } from '../command-definition.js';
import { FUNCTION_NAME, REVISION_ID } from './common-options.js';
import { FUNCTION_CONFIGURATION_OPTIONS } from './function-options.js';

export const updateFunctionConfiguration: CommandDefinition = {
  name: 'update-function-configuration',
  describe: 'Modifies the version-specific settings of a Lambda function. --layers and --environment replace the whole value.',
  operation: 'UpdateFunctionConfiguration',
  example: {
    command: 'lsim update-function-configuration --function-name my-function --memory-size 256',
    description: 'To modify the configuration of a function',
  },
  options: { 'function-name': FUNCTION_NAME, ...FUNCTION_CONFIGURATION_OPTIONS, 'revision-id': REVISION_ID },
  async handler(args, ctx) {
    const request = omitUndefined({
      FunctionName: args.required('function-name'),
      Runtime: args.string('runtime'),
      Handler: args.string('handler'),
      Role: args.string('role'),
      Description: args.string('description'),
      Timeout: args.integer('timeout'),
      MemorySize: args.integer('memory-size'),
      Environment: args.structure<EnvironmentInput>('environment'),
      Layers: args.list('layers', 'Layers'),
      EphemeralStorage: args.structure<{ Size: number }>('ephemeral-storage'),
      RevisionId: args.string('revision-id'),
    });
    return (await ctx.api()).updateFunctionConfiguration(request);
  },
};
