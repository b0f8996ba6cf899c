import { omitUndefined } from '../../common/omit-undefined.js';
import type { EnvironmentInput } from '../../registry/api-types.js';
import type { CommandDefinition } from '../command-definition.js';
import { FUNCTION_NAME, PUBLISH_OPTIONS, readCodeSource, readPublish, ZIP_FILE } from './common-options.js';
import { FUNCTION_CONFIGURATION_OPTIONS } from './function-options.js';

export const createFunction: CommandDefinition = {
  name: 'create-function',
  describe: 'Creates a Lambda function from a deployment package (a .zip file archive).',
  operation: 'CreateFunction',
  example: {
    command:
      'lsim create-function --function-name my-function --runtime nodejs18.x --zip-file fileb://my-function.zip ' +
      '--handler my-function.handler --role arn:aws:iam::123456789012:role/service-role/MyTestFunction-role-tges6bf4',
    description: 'To create a Lambda function',
  },
  options: {
    'function-name': FUNCTION_NAME,
    ...FUNCTION_CONFIGURATION_OPTIONS,
    // lsim runs zip packages only, so these two cannot be left to the service to require.
    runtime: { ...FUNCTION_CONFIGURATION_OPTIONS.runtime, required: true },
    handler: { ...FUNCTION_CONFIGURATION_OPTIONS.handler, required: true },
    code: {
      kind: 'structure',
      shape: 'Code',
      describe: 'The code for the function: S3Bucket=string,S3Key=string,S3ObjectVersion=string, or JSON.',
    },
    architectures: { kind: 'list', describe: 'The instruction set architecture: x86_64 (default) or arm64.' },
    'zip-file': ZIP_FILE,
    ...PUBLISH_OPTIONS,
  },
  async handler(args, ctx) {
    const request = omitUndefined({
      FunctionName: args.required('function-name'),
      Runtime: args.required('runtime'),
      Handler: args.required('handler'),
      Role: args.string('role'),
      Code: readCodeSource(args, 'code', 'Code'),
      Description: args.string('description'),
      Timeout: args.integer('timeout'),
      MemorySize: args.integer('memory-size'),
      Environment: args.structure<EnvironmentInput>('environment'),
      Layers: args.list('layers', 'Layers'),
      Architectures: args.list('architectures', 'Architectures'),
      EphemeralStorage: args.structure<{ Size: number }>('ephemeral-storage'),
      Publish: readPublish(args),
    });
    return (await ctx.api()).createFunction(request);
  },
};
