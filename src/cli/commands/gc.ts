import { LocalExecutor } from '../../execution/local-executor.js';
import { sweepGarbage } from '../../execution/garbage-sweep.js';
import { CommandOutcome, type CommandDefinition } from '../command-definition.js';

export const gc: CommandDefinition = {
  name: 'gc',
  describe:
    'Removes what lsim left behind for this LSIM_HOME: containers of interrupted invokes, /opt volumes, stored ' +
    'zips no layer version or function needs, and extracted trees of zips that are gone.',
  operation: 'CollectGarbage',
  example: { command: 'lsim gc', description: 'To reclaim space after deleting layer versions and functions' },
  options: {},
  async handler(_args, ctx) {
    const executor = new LocalExecutor(ctx.config);
    await executor.engine.ping();
    const report = await sweepGarbage(executor.engine, await ctx.api(), executor.cache, ctx.config.home);
    return new CommandOutcome({
      json: {
        ContainersRemoved: report.containersRemoved,
        VolumesRemoved: report.volumesRemoved,
        ExtractionsRemoved: report.extractionsRemoved,
        BytesFreed: report.blobBytesFreed,
      },
    });
  },
};
