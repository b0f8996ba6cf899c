import type { CommandDefinition } from '../command-definition.js';

export const getLayerVersionByArn: CommandDefinition = {
  name: 'get-layer-version-by-arn',
  describe: 'Returns information about a version of a Lambda layer, given its versioned ARN.',
  operation: 'GetLayerVersionByArn',
  example: {
    command: 'lsim get-layer-version-by-arn --arn "arn:aws:lambda:sa-east-1:123456789012:layer:AWSLambda-Python37-SciPy1x:2"',
    description: 'To retrieve information about a Lambda layer version',
  },
  options: { arn: { kind: 'string', required: true, describe: 'The ARN of the layer version.' } },
  async handler(args, ctx) {
    const request = { Arn: args.required('arn') };
    return (await ctx.api()).getLayerVersionByArn(request);
  },
};
