import { LsimError } from '../../common/errors.js';
import type { ArgReader } from '../arg-reader.js';
import type { OptionSpec } from '../command-definition.js';
import { paginatePages, type PageRequest } from './paginate.js';

/** The options the aws CLI adds to every paginated operation, plus the API's own `--marker`. */
export const PAGING_OPTIONS = {
  'max-items': {
    kind: 'long',
    describe: 'The total number of items to return. If more are available, the output has a NextToken.',
  },
  'starting-token': { kind: 'string', describe: 'A NextToken from a previous truncated command, to resume from.' },
  'page-size': { kind: 'long', describe: 'The number of items asked for in each call to the API.' },
  marker: { kind: 'string', describe: 'The API pagination token; turns automatic pagination off.', hidden: true },
} as const satisfies Record<string, OptionSpec>;

type Page<K extends string> = { readonly NextMarker?: string } & { readonly [P in K]: readonly unknown[] };

/**
 * As the aws CLI: by default pages are followed and `--max-items` truncates with a `NextToken`;
 * `--marker` or `--no-paginate` make one raw call, where `--max-items` is the API's own MaxItems.
 */
export function listWithPaging<K extends string>(args: ArgReader, resultKey: K, fetch: (request: PageRequest) => Page<K>): unknown {
  const marker = args.string('marker');
  const maxItems = args.long('max-items');
  if (args.flag('no-paginate') || marker !== undefined) {
    const conflicting = ['starting-token', 'page-size'].filter((name) => args.has(name));
    if (conflicting.length > 0) {
      throw new LsimError(
        'ParamValidation',
        `Cannot specify --no-paginate along with pagination arguments: ${conflicting.map((n) => `--${n}`).join(', ')}`,
      );
    }
    return fetch({
      ...(marker === undefined ? {} : { Marker: marker }),
      ...(maxItems === undefined ? {} : { MaxItems: maxItems }),
    });
  }
  return paginatePages(resultKey, fetch, {
    maxItems,
    pageSize: args.long('page-size'),
    startingToken: args.string('starting-token'),
  });
}
