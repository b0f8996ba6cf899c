import { LsimError } from '../../common/errors.js';
import { LocalExecutor } from '../../execution/local-executor.js';
import { IMAGE_FAMILIES, familyOfRuntime, isImageFamily, type ImageFamily } from '../../images/image-families.js';
import { CommandOutcome, type CommandDefinition } from '../command-definition.js';
import { renderBuildEvent } from '../render-build-event.js';

export const imagesBuild: CommandDefinition = {
  name: 'images',
  describe:
    "Builds lsim's runtime images offline (Debian rootfs with mmdebstrap, then the Lambda layout and each " +
    'language family). Only what the engine lacks is built; the tags carry a hash of their inputs.',
  operation: 'BuildImages',
  interruptible: true,
  example: { command: 'lsim images build --runtime python3.12', description: 'To build the image python3.12 runs on' },
  positionals: [{ name: 'action', describe: 'build' }],
  options: {
    runtime: { kind: 'string', describe: 'Build only the image of this runtime (e.g. nodejs20.x) or family (e.g. python).' },
  },
  async handler(args, ctx) {
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
  },
};

function selectFamilies(runtime: string | undefined): readonly ImageFamily[] {
  if (runtime === undefined) return IMAGE_FAMILIES;
  if (isImageFamily(runtime)) return [runtime];
  const family = familyOfRuntime(runtime);
  if (family === undefined) {
    throw new LsimError('ParamValidation', `Unknown runtime or family '${runtime}'. Families: ${IMAGE_FAMILIES.join(', ')}.`);
  }
  return [family];
}
