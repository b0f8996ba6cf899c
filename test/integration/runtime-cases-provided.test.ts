import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import type { Invoked } from '../helpers/invoke-helpers.js';
import { describeRuntimeCases, type RuntimeCase } from '../helpers/runtime-cases.js';

/**
 * The provided family's case table: the bootstrap lookup. Each `bootstrap` in test/fixtures/provided
 * (the same sh + curl custom runtime) answers `{"bootstrap":"<its path>","handler":"<_HANDLER>","event":<event>}`
 * and logs `fixture bootstrap <path> handling <request id>`. `layer-no-exec/bootstrap` lacks its exec
 * bit (git keeps the bit: 100644 there, 100755 for the others).
 */
const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/provided/${name}`, import.meta.url));
const TREES = {
  function: fixture('function'),
  'function-no-bootstrap': fixture('function-no-bootstrap'),
  layer: fixture('layer'),
  'layer-no-exec': fixture('layer-no-exec'),
};
type Tree = keyof typeof TREES;

const EVENT = { ping: true };

const ranFrom = (bootstrap: string): Pick<RuntimeCase<Tree>, 'expected' | 'log'> => ({
  expected: { response: { bootstrap, handler: 'h.x', event: EVENT } },
  log: ({ result }: Invoked) => [`fixture bootstrap ${bootstrap} handling ${result.requestId}\n`],
});

/** Nothing to run: the container exits 127 without output and Lambda answers Runtime.InvalidEntrypoint. */
const noBootstrap: Pick<RuntimeCase<Tree>, 'expected' | 'notInLog'> = {
  expected: {
    error: ({ result }: Invoked) => ({
      errorType: 'Runtime.InvalidEntrypoint',
      errorMessage: `RequestId: ${result.requestId} Error: Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]`,
    }),
  },
  notInLog: ['fixture bootstrap'],
};

const ROWS: RuntimeCase<Tree>[] = (['provided.al2', 'provided.al2023'] as const).flatMap((runtime): RuntimeCase<Tree>[] => {
  const base = { runtime, handler: 'h.x', event: EVENT } as const;
  return [
    { ...base, code: 'function', ...ranFrom('/var/task/bootstrap') },
    { ...base, code: 'function', layers: ['layer'], note: "the package's bootstrap wins", ...ranFrom('/var/task/bootstrap') },
    { ...base, code: 'function-no-bootstrap', layers: ['layer'], ...ranFrom('/opt/bootstrap') },
    { ...base, code: 'function-no-bootstrap', layers: ['layer-no-exec'], note: 'a bootstrap without its exec bit', ...noBootstrap },
    { ...base, code: 'function-no-bootstrap', ...noBootstrap },
  ];
});

it('the provided fixtures keep their modes: only layer-no-exec/bootstrap lacks the exec bit', () => {
  const executable = (tree: Tree): boolean => (statSync(join(TREES[tree], 'bootstrap')).mode & 0o111) !== 0;
  expect([executable('function'), executable('layer'), executable('layer-no-exec')]).toEqual([true, true, false]);
});

describeRuntimeCases('provided', ROWS, () => TREES);
