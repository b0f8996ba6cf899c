import { omitUndefined } from '../../common/omit-undefined.js';
import type { CommandDefinition } from '../command-definition.js';
import { FUNCTION_NAME, PUBLISH_OPTIONS, readPublish, REVISION_ID, ZIP_FILE } from './common-options.js';

export const updateFunctionCode: CommandDefinition = {
  name: 'update-function-code',
  describe: "Updates a Lambda function's code from a .zip file or an S3 object (see lsim put-object).",
  operation: 'UpdateFunctionCode',
  example: {
    command: 'lsim update-function-code --function-name my-function --zip-file fileb://my-function.zip',
    description: "To update a Lambda function's code",
  },
  options: {
    'function-name': FUNCTION_NAME,
    'zip-file': ZIP_FILE,
    's3-bucket': { kind: 'string', describe: 'A bucket under LSIM_HOME/s3 holding the deployment package.' },
    's3-key': { kind: 'string', describe: 'The key of the deployment package in the bucket.' },
    's3-object-version': { kind: 'string', describe: 'For versioned objects, the version of the deployment package object to use.' },
    architectures: { kind: 'list', describe: 'The instruction set architecture: x86_64 or arm64.' },
    'revision-id': REVISION_ID,
    ...PUBLISH_OPTIONS,
  },
  async handler(args, ctx) {
    const request = omitUndefined({
      FunctionName: args.required('function-name'),
      ...args.zipFile('zip-file'),
      S3Bucket: args.string('s3-bucket'),
      S3Key: args.string('s3-key'),
      S3ObjectVersion: args.string('s3-object-version'),
      Architectures: args.list('architectures', 'Architectures'),
      RevisionId: args.string('revision-id'),
      Publish: readPublish(args),
    });
    return (await ctx.api()).updateFunctionCode(request);
  },
};
