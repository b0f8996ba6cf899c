import { omitUndefined } from '../../common/omit-undefined.js';
import type { CommandDefinition } from '../command-definition.js';
import { listWithPaging, PAGING_OPTIONS } from '../pagination/paging-options.js';
import { FUNCTION_NAME } from './common-options.js';

export const listAliases: CommandDefinition = {
  name: 'list-aliases',
  describe: 'Returns a list of aliases for a Lambda function, in name order.',
  operation: 'ListAliases',
  example: { command: 'lsim list-aliases --function-name my-function', description: 'To get the list of aliases for a Lambda function' },
  options: {
    'function-name': FUNCTION_NAME,
    'function-version': { kind: 'string', describe: 'Specify a function version to only list aliases that invoke that version.' },
    ...PAGING_OPTIONS,
  },
  async handler(args, ctx) {
    const api = await ctx.api();
    const base = omitUndefined({ FunctionName: args.required('function-name'), FunctionVersion: args.string('function-version') });
    return listWithPaging(args, 'Aliases', (page) => api.listAliases({ ...page, ...base }));
  },
};
