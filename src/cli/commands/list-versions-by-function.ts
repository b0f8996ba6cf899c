import type { CommandDefinition } from '../command-definition.js';
import { listWithPaging, PAGING_OPTIONS } from '../pagination/paging-options.js';
import { FUNCTION_NAME } from './common-options.js';

export const listVersionsByFunction: CommandDefinition = {
  name: 'list-versions-by-function',
  describe: 'Returns a list of versions, with the version-specific configuration of each: $LATEST first, then in version order.',
  operation: 'ListVersionsByFunction',
  example: {
    command: 'lsim list-versions-by-function --function-name my-function',
    description: 'To retrieve a list of versions of a function',
  },
  options: { 'function-name': FUNCTION_NAME, ...PAGING_OPTIONS },
  async handler(args, ctx) {
    const api = await ctx.api();
    const functionName = args.required('function-name');
    return listWithPaging(args, 'Versions', (page) => api.listVersionsByFunction({ ...page, FunctionName: functionName }));
  },
};
