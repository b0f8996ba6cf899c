import type { CliContext } from '../context.js';
import type { ArgReader } from '../arg-reader.js';
import { LsimError } from '../../common/errors.js';
import { LocalExecutor } from '../../execution/local-executor.js';
import { IMAGE_FAMILIES, familyOfRuntime, isImageFamily, type ImageFamily } from '../../images/image-families.js';
import { CommandOutcome } from '../command-definition.js';
import { renderBuildEvent } from '../render-build-event.js';

/** The body of `lsim images build`, loaded only when the command runs (it pulls in heavy modules). */
export async function runImagesBuild(args: ArgReader, ctx: CliContext): Promise<unknown> {
  const action = args.positional('action');
  if (action !== 'build') throw new LsimError('ParamValidation', `Unknown images action '${action}'; the action is: build`);
  const executor = new LocalExecutor(ctx.config, (event) => ctx.progress(renderBuildEvent(event)));
  await executor.engine.ping();
  const families = selectFamilies(args.string('runtime'));
  const results = await executor.images.buildAll(families);
  return new CommandOutcome({
    json: {
      Images: results.map((result) => ({
        Family: result.family,
        Tag: result.tag,
        Built: result.built,
        DurationSeconds: Math.round(result.durationMs / 100) / 10,
      })),
    },
  });
}

function selectFamilies(runtime: string | undefined): readonly ImageFamily[] {
  if (runtime === undefined) return IMAGE_FAMILIES;
  if (isImageFamily(runtime)) return [runtime];
  const family = familyOfRuntime(runtime);
  if (family === undefined) {
    throw new LsimError('ParamValidation', `Unknown runtime or family '${runtime}'. Families: ${IMAGE_FAMILIES.join(', ')}.`);
  }
  return [family];
}
