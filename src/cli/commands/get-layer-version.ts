import type { CommandDefinition } from '../command-definition.js';
import { LAYER_NAME, VERSION_NUMBER } from './common-options.js';

export const getLayerVersion: CommandDefinition = {
  name: 'get-layer-version',
  describe: 'Returns information about a version of a Lambda layer.',
  operation: 'GetLayerVersion',
  example: {
    command: 'lsim get-layer-version --layer-name my-layer --version-number 1',
    description: 'To retrieve information about a Lambda layer version',
  },
  options: { 'layer-name': LAYER_NAME, 'version-number': VERSION_NUMBER },
  async handler(args, ctx) {
    const request = { LayerName: args.required('layer-name'), VersionNumber: args.requiredLong('version-number') };
    return (await ctx.api()).getLayerVersion(request);
  },
};
