import { omitUndefined } from '../../common/omit-undefined.js';
import type { CommandDefinition } from '../command-definition.js';
import { listWithPaging, PAGING_OPTIONS } from '../pagination/paging-options.js';
import { COMPATIBLE_ARCHITECTURE, COMPATIBLE_RUNTIME, LAYER_NAME } from './common-options.js';

export const listLayerVersions: CommandDefinition = {
  name: 'list-layer-versions',
  describe: 'Lists the versions of a Lambda layer, newest first.',
  operation: 'ListLayerVersions',
  example: {
    command: 'lsim list-layer-versions --layer-name my-layer',
    description: 'To list the versions of an AWS Lambda layer',
  },
  options: {
    'compatible-runtime': COMPATIBLE_RUNTIME,
    'layer-name': LAYER_NAME,
    'compatible-architecture': COMPATIBLE_ARCHITECTURE,
    ...PAGING_OPTIONS,
  },
  async handler(args, ctx) {
    const request = omitUndefined({
      LayerName: args.required('layer-name'),
      CompatibleRuntime: args.string('compatible-runtime'),
      CompatibleArchitecture: args.string('compatible-architecture'),
    });
    const api = await ctx.api();
    return listWithPaging(args, 'LayerVersions', (page) => api.listLayerVersions({ ...request, ...page }));
  },
};
