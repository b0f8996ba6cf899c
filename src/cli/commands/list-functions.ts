import type { CommandDefinition } from '../command-definition.js';
import { listWithPaging, PAGING_OPTIONS } from '../pagination/paging-options.js';

export const listFunctions: CommandDefinition = {
  name: 'list-functions',
  describe: 'Returns a list of Lambda functions, with the version-specific configuration of each.',
  operation: 'ListFunctions',
  example: { command: 'lsim list-functions', description: 'To retrieve a list of Lambda functions' },
  options: { ...PAGING_OPTIONS },
  async handler(args, ctx) {
    const api = await ctx.api();
    return listWithPaging(args, 'Functions', (page) => api.listFunctions(page));
  },
};
