import type { CommandDefinition } from '../command-definition.js';
import { LAYER_NAME, VERSION_NUMBER } from './common-options.js';

export const getLayerVersionPolicy: CommandDefinition = {
  name: 'get-layer-version-policy',
  describe: 'Returns the permission policy for a version of a Lambda layer.',
  operation: 'GetLayerVersionPolicy',
  example: {
    command: 'lsim get-layer-version-policy --layer-name my-layer --version-number 1',
    description: 'To retrieve the permissions policy for a layer version',
  },
  options: { 'layer-name': LAYER_NAME, 'version-number': VERSION_NUMBER },
  async handler(args, ctx) {
    const request = { LayerName: args.required('layer-name'), VersionNumber: args.requiredLong('version-number') };
    return (await ctx.api()).getLayerVersionPolicy(request);
  },
};
