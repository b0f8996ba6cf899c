import { omitUndefined } from '../../common/omit-undefined.js';
import type { CommandDefinition } from '../command-definition.js';
import { listWithPaging, PAGING_OPTIONS } from '../pagination/paging-options.js';
import { COMPATIBLE_ARCHITECTURE, COMPATIBLE_RUNTIME } from './common-options.js';

export const listLayers: CommandDefinition = {
  name: 'list-layers',
  describe: 'Lists Lambda layers and shows information about the latest version of each.',
  operation: 'ListLayers',
  example: {
    command: 'lsim list-layers --compatible-runtime python3.11',
    description: "To list the layers that are compatible with your function's runtime",
  },
  options: {
    'compatible-runtime': COMPATIBLE_RUNTIME,
    'compatible-architecture': COMPATIBLE_ARCHITECTURE,
    ...PAGING_OPTIONS,
  },
  async handler(args, ctx) {
    const filter = omitUndefined({
      CompatibleRuntime: args.string('compatible-runtime'),
      CompatibleArchitecture: args.string('compatible-architecture'),
    });
    const api = await ctx.api();
    return listWithPaging(args, 'Layers', (page) => api.listLayers({ ...filter, ...page }));
  },
};
