import type { CliContext } from '../context.js';
import type { ArgReader } from '../arg-reader.js';
import { sweepGarbage } from '../../execution/garbage-sweep.js';
import { CommandOutcome } from '../command-definition.js';

/** The body of `lsim gc`, loaded only when the command runs (it pulls in heavy modules). */
export async function runGc(_args: ArgReader, ctx: CliContext): Promise<unknown> {
  const { executor } = await ctx.services();
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
}
