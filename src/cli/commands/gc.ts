import type { CommandDefinition } from '../command-definition.js';

export const gc: CommandDefinition = {
  name: 'gc',
  describe:
    'Removes what lsim left behind for this LSIM_HOME: containers of interrupted invokes, /opt volumes, stored ' +
    'zips no layer version or function needs, and extracted trees of zips that are gone.',
  operation: 'CollectGarbage',
  example: { command: 'lsim gc', description: 'To reclaim space after deleting layer versions and functions' },
  options: {},
  async handler(args, ctx) {
    const { runGc } = await import('./gc-run.js');
    return runGc(args, ctx);
  },
};
