import { diagnose } from '../../doctor/diagnose.js';
import { subjectAdHoc, type DoctorDeps } from '../../doctor/load-subject.js';
import { ExtractionCache } from '../../execution/extraction-cache.js';
import type { EnginePool } from '../../execution/engine-pool.js';
import { deployTemplate } from '../../templates/deploy-template.js';
import { loadTemplate } from '../../templates/load-template.js';
import type { TemplateModel } from '../../templates/template-model.js';
import { ChangeBatcher } from '../../watch/change-batcher.js';
import { FolderWatcher } from '../../watch/folder-watcher.js';
import { classifyChanges, describeChanges, displayPath, watchedPaths, type WatchRoot } from '../../watch/watch-roots.js';
import type { ArgReader } from '../arg-reader.js';
import type { CliContext } from '../context.js';
import { localLayers, templateOptions } from './template-function.js';
import { WATCH_QUIET_MS } from './watch-timing.js';

const PREFIX = 'lsim serve';

export interface TemplateSync {
  close(): Promise<void>;
}

/**
 * `lsim serve -t TEMPLATE [--watch]` (the shape of `sam sync --watch`): the template deployed at start
 * and, with --watch, again after each burst of changes under its code and layer folders or to the
 * template itself. Deploy publishes a layer version only when its content changed and updates only the
 * functions that differ; the warm environments of those are retired, the others kept. A layer folder
 * the doctor finds invalid holds the whole deploy back, so the server keeps serving the last good
 * versions (docs/watch.md#lsim-serve--t-template---watch).
 */
export async function startTemplateSync(
  args: ArgReader,
  ctx: CliContext,
  pool: Pick<EnginePool, 'retireFunction'>,
  watch: boolean,
): Promise<TemplateSync> {
  const template = args.required('template');
  const options = templateOptions(args, ctx);
  const log = (line: string): void => ctx.progress(`${PREFIX}: ${line}\n`);
  const deps: DoctorDeps = { cache: new ExtractionCache(ctx.config.home), home: ctx.config.home, api: () => ctx.api() };
  let roots: WatchRoot[] = [];

  /** Deploys the template as it is now; its roots are known (and watched) even when the deploy is held back. */
  const sync = async (): Promise<void> => {
    const model = loadTemplate(template, options);
    roots = templateRoots(model, ctx.cwd);
    const problems = await layerProblems(model, deps, ctx.cwd);
    if (problems.length > 0) {
      for (const problem of problems) log(problem);
      log('not deployed: the functions keep their last deployed code and layer versions until the layer is fixed');
      return;
    }
    const result = await deployTemplate(template, options, await ctx.api(), log);
    for (const fn of result.Functions) {
      if (fn.Action !== 'updated') continue;
      const retired = await pool.retireFunction(fn.FunctionArn);
      if (retired > 0) log(`${fn.LogicalId}: ${retired} warm environment(s) of the previous configuration retired`);
    }
  };
  const report = (error: unknown): void => log(`not deployed: ${error instanceof Error ? error.message : String(error)}`);

  // The first deploy fails the command: a template that does not load at start is a usage error.
  await sync();
  if (!watch) return { close: () => Promise.resolve() };
  const batcher = new ChangeBatcher(
    WATCH_QUIET_MS,
    async (changes) => {
      const set = classifyChanges(roots, changes);
      if (set.roots.length === 0) return;
      log(`changed: ${describeChanges(set)}; deploying`);
      try {
        await sync();
      } finally {
        watcher.setPaths(watchedPaths(roots));
      }
    },
    report,
  );
  const watcher = await FolderWatcher.start(
    watchedPaths(roots),
    (path) => batcher.notify(path),
    (error) => log(`the watcher failed: ${error instanceof Error ? error.message : String(error)}`),
  );
  log(`watching ${roots.map((root) => `${root.role} ${root.label}`).join(', ')}`);
  return {
    close: async () => {
      await batcher.close();
      await watcher.close();
    },
  };
}

/** The template file, every function's code and every layer's content (folders or zips). */
function templateRoots(model: TemplateModel, cwd: string): WatchRoot[] {
  return [
    { path: model.file, role: 'template', label: displayPath(cwd, model.file) },
    ...model.functions.map((fn): WatchRoot => ({ path: fn.code, role: 'code', label: fn.logicalId })),
    ...model.layers.map((layer): WatchRoot => ({ path: layer.content, role: 'layer', label: layer.logicalId })),
  ];
}

/**
 * The doctor's errors about the template's layers, checked as each function that uses them would see
 * them (its runtime and architecture, its layers in order, no code): what `lsim doctor --runtime R
 * --layer ...` says, one line per finding.
 */
async function layerProblems(model: TemplateModel, deps: DoctorDeps, cwd: string): Promise<string[]> {
  const problems = new Set<string>();
  for (const fn of model.functions) {
    if (!fn.layers.some((layer) => layer.kind === 'template')) continue;
    const subject = await subjectAdHoc(
      {
        runtime: fn.runtime,
        architecture: fn.architectures?.[0],
        layers: localLayers(model, fn),
      },
      deps,
      cwd,
    );
    const report = await diagnose(subject);
    for (const finding of report.findings) {
      if (finding.severity === 'error') problems.add(`doctor: ${finding.code}: ${finding.message} Fix: ${finding.fix}`);
    }
  }
  return [...problems];
}
