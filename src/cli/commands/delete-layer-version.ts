import type { CommandDefinition } from '../command-definition.js';
import { LAYER_NAME, VERSION_NUMBER } from './common-options.js';

export const deleteLayerVersion: CommandDefinition = {
  name: 'delete-layer-version',
  describe: 'Deletes a version of a Lambda layer. Functions that use it keep it; deleting twice is not an error.',
  operation: 'DeleteLayerVersion',
  example: {
    command: 'lsim delete-layer-version --layer-name my-layer --version-number 2',
    description: 'To delete a version of a Lambda layer',
  },
  options: { 'layer-name': LAYER_NAME, 'version-number': VERSION_NUMBER },
  async handler(args, ctx) {
    const request = { LayerName: args.required('layer-name'), VersionNumber: args.requiredLong('version-number') };
    (await ctx.api()).deleteLayerVersion(request);
    return undefined;
  },
};
