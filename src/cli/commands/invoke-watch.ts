import { resolve } from 'node:path';
import { LsimError } from '../../common/errors.js';
import type { AdHocFunction } from '../../execution/prepare-plan.js';
import { isLayerVersionArn } from '../../registry/stored-layer-version.js';
import { ChangeBatcher } from '../../watch/change-batcher.js';
import { FolderWatcher } from '../../watch/folder-watcher.js';
import { classifyChanges, describeChanges, displayPath, watchedPaths, type WatchRoot } from '../../watch/watch-roots.js';
import type { ArgReader } from '../arg-reader.js';
import { CommandOutcome } from '../command-definition.js';
import type { CliContext } from '../context.js';
import { formatJson } from '../output.js';
import { renderError } from '../render-error.js';
import { commandLineFunction, invokeLocally, type LocalInvoke } from './invoke-run.js';
import { untilAborted, WATCH_QUIET_MS } from './watch-timing.js';

const PREFIX = 'lsim invoke --watch';

/**
 * `lsim invoke --watch`: invokes once, then again after each burst of changes under the function's code
 * and layer folders (and the template, with -t), until Ctrl-C or SIGTERM. Each invoke reads the folders
 * as they are then, in a new execution environment, as the first invoke after a deploy is on Lambda:
 * folders are mounted as they are and zips come from the content-addressed cache, so nothing is
 * rebuilt or extracted again (docs/watch.md).
 */
export async function watchInvoke(args: ArgReader, ctx: CliContext, request: LocalInvoke): Promise<CommandOutcome> {
  if (args.string('function-name') !== undefined) {
    throw new LsimError(
      'ParamValidation',
      '--watch re-invokes when local folders change: it takes the ad-hoc form (--runtime, --handler, --code, --layer) ' +
        'or -t TEMPLATE, not --function-name (lsim serve -t TEMPLATE --watch redeploys a template for registered functions).',
    );
  }
  // A command line that names no function, or a template that does not load, is a usage error now, not a watch.
  let fn = commandLineFunction(args, ctx);
  let roots = functionRoots(fn, ctx.cwd, args.string('template'));
  const { executor } = await ctx.services();
  const report = (error: unknown): void => {
    if (!ctx.signal.aborted) ctx.progress(renderError(error, 'Invoke', ctx.debug, ctx.config.home).stderr);
  };
  let first = true;
  const batcher = new ChangeBatcher(
    WATCH_QUIET_MS,
    async (changes) => {
      if (!first) {
        const set = classifyChanges(roots, changes);
        if (set.roots.length === 0) return;
        ctx.progress(`${PREFIX}: changed: ${describeChanges(set)}; invoking again\n`);
        try {
          fn = commandLineFunction(args, ctx);
          roots = functionRoots(fn, ctx.cwd, args.string('template'));
          watcher.setPaths(watchedPaths(roots));
        } catch (error) {
          // A template saved half-edited: said, and the next save is read again.
          report(error);
          return;
        }
      }
      first = false;
      const outcome = await invokeLocally(args, ctx, executor, request, fn);
      if (outcome.result.json !== undefined) ctx.print(formatJson(outcome.result.json));
      if (outcome.result.text !== undefined) ctx.print(outcome.result.text);
    },
    report,
  );
  const watcher = await FolderWatcher.start(
    watchedPaths(roots),
    (path) => batcher.notify(path),
    (error) => ctx.progress(`${PREFIX}: the watcher failed: ${error instanceof Error ? error.message : String(error)}\n`),
  );
  ctx.progress(`${PREFIX}: watching ${roots.map((root) => `${root.role} ${root.label}`).join(', ')}; Ctrl-C stops.\n`);
  batcher.runNow();
  await untilAborted(ctx.signal);
  // The running invoke saw the same signal: its container is being removed; wait for that.
  await batcher.close();
  await watcher.close();
  ctx.progress(`${PREFIX}: stopped.\n`);
  return new CommandOutcome({});
}

/** The paths whose changes re-invoke: the template, the code, and every layer that is not a registered version. */
function functionRoots(fn: AdHocFunction, cwd: string, template: string | undefined): WatchRoot[] {
  const root = (path: string, role: WatchRoot['role']): WatchRoot => {
    const absolute = resolve(cwd, path);
    return { path: absolute, role, label: displayPath(cwd, absolute) };
  };
  return [
    ...(template === undefined ? [] : [root(template, 'template')]),
    root(fn.code, 'code'),
    ...fn.layers.filter((layer) => !isLayerVersionArn(layer)).map((layer) => root(layer, 'layer')),
  ];
}
