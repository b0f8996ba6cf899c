import type { CliContext } from '../context.js';
import type { ArgReader } from '../arg-reader.js';
import { LsimError } from '../../common/errors.js';
import { IMAGE_FAMILIES, isImageFamily, runtimesOfFamily } from '../../images/image-families.js';
import { architectureFlag, type Architecture } from '../../runtimes/architecture.js';
import { SUPPORTED_RUNTIMES, isSupportedRuntime, runtimeInfo, type RuntimeId } from '../../runtimes/runtime-catalogue.js';
import { CommandOutcome } from '../command-definition.js';

/** The body of `lsim images build` (and the door to `lsim images list`), loaded only when the command runs (it pulls in heavy modules). */
export async function runImagesBuild(args: ArgReader, ctx: CliContext): Promise<unknown> {
  const action = args.positional('action');
  if (action === 'list') {
    const { runImagesList } = await import('./images-list-run.js');
    return runImagesList(args, ctx, selectRuntimes(args.string('runtime')));
  }
  if (action !== 'build') throw new LsimError('ParamValidation', `Unknown images action '${action}'; the actions are: build, list`);
  const { executor } = await ctx.services();
  await executor.engine.ping();
  const runtimes = selectRuntimes(args.string('runtime'));
  const results = [];
  for (const architecture of selectArchitectures(args.repeated('architectures'))) {
    results.push(...(await executor.images.buildAll(runtimes, undefined, architecture)));
  }
  return new CommandOutcome({
    json: {
      Images: results.map((result) => ({
        Runtime: result.runtime,
        Architecture: result.architecture,
        Family: result.family,
        Interpreter: interpreterOf(result.runtime),
        Tag: result.tag,
        Built: result.built,
        DurationSeconds: Math.round(result.durationMs / 100) / 10,
      })),
    },
  });
}

function selectArchitectures(values: readonly string[]): readonly Architecture[] {
  return values.length === 0 ? [architectureFlag(undefined)] : values.map(architectureFlag);
}

/** A runtime id, a family (all its runtime ids), or everything. */
function selectRuntimes(runtime: string | undefined): readonly RuntimeId[] {
  if (runtime === undefined) return SUPPORTED_RUNTIMES;
  if (isImageFamily(runtime)) return runtimesOfFamily(runtime);
  if (isSupportedRuntime(runtime)) return [runtime];
  throw new LsimError(
    'ParamValidation',
    `Unknown runtime or family '${runtime}'. Runtimes: ${SUPPORTED_RUNTIMES.join(', ')}; families: ${IMAGE_FAMILIES.join(', ')}.`,
  );
}

/** `Python 3.13 (Debian trixie python3.13; nearest to python3.12)`, or the family's own words for provided. */
function interpreterOf(runtime: RuntimeId): string {
  const { interpreter } = runtimeInfo(runtime);
  if (interpreter === null) return 'none: the function or a layer brings its bootstrap';
  return `${interpreter.command} ${interpreter.version} (${interpreter.source}${interpreter.exact ? '' : `; nearest to ${runtime}`})`;
}
