// The one report every bench script writes into: a figure is a value beside the baseline measured in the
// same run, their ratio, the goal and whether it is met. `npm run bench` prints the table at the end and,
// with `--json FILE`, writes the same figures to FILE (an array of `Figure`s, see `figure()` below) so a
// note can quote them. Bench scripts that run in a child process send theirs back with `sendFigures`.

/**
 * A goal is one comparison, of the ratio (`value / baseline`) or of the value itself:
 * `{ ratio: '<=', limit: 1.3 }`, `{ value: '<=', limit: 300 }`, `{ ratio: '>=', limit: 0.12 }`.
 * `text` overrides how it prints; a goal of `{ text }` only (no comparison) is printed, never judged.
 */
export function goalText(goal) {
  if (goal.text !== undefined) return goal.text;
  if (goal.ratio !== undefined) return `${goal.ratio} ${goal.limit}x`;
  return `${goal.value} ${goal.limit}`;
}

function judge(goal, value, ratio) {
  const op = goal.ratio ?? goal.value;
  if (op === undefined) return null;
  const subject = goal.ratio !== undefined ? ratio : value;
  if (op === '<=') return subject <= goal.limit;
  if (op === '>=') return subject >= goal.limit;
  throw new Error(`goal operator ${op}: use <= or >=`);
}

/**
 * One figure: `{ name, unit, value, baseline: { name, value }, ratio, goal, met }`; `met` is null for a
 * goal without a comparison. `section` (optional) names the part of the bench it comes from.
 */
export function figure({ section, name, unit, value, baselineName, baseline, goal }) {
  const ratio = baseline === 0 ? null : value / baseline;
  return {
    section,
    name,
    unit,
    value,
    baseline: { name: baselineName, value: baseline },
    ratio,
    goal: goalText(goal),
    met: judge(goal, value, ratio ?? Number.NaN),
  };
}

const formatValue = (value, unit) => {
  if (unit === 'bytes') return `${(value / 1e6).toFixed(0)} MB`;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
};

export function formatFigure(f) {
  const ratio = f.ratio === null ? '-' : `${f.ratio.toFixed(2)}x`;
  const met = f.met === null ? '' : f.met ? ' met' : ' NOT met';
  return `${f.name}: ${formatValue(f.value, f.unit)}  vs  ${f.baseline.name}: ${formatValue(f.baseline.value, f.unit)}  (${ratio}; goal ${f.goal}${met})`;
}

export class Report {
  figures = [];

  /** Records a figure, prints it at once (stderr, as the bench's progress) and returns it. */
  add(spec) {
    const f = figure(spec);
    this.figures.push(f);
    console.error(`  ${formatFigure(f)}`);
    return f;
  }

  /** Figures another process measured (`sendFigures`), already judged. */
  addAll(figures) {
    for (const f of figures) {
      this.figures.push(f);
      console.error(`  ${formatFigure(f)}`);
    }
  }

  table(header = '') {
    const lines = [`figure | lsim | baseline | ratio | goal | met    ${header}`];
    for (const f of this.figures) {
      const ratio = f.ratio === null ? '-' : `${f.ratio.toFixed(2)}x`;
      const met = f.met === null ? '-' : f.met ? 'yes' : 'no';
      lines.push(
        `${f.name} | ${formatValue(f.value, f.unit)} | ${f.baseline.name} ${formatValue(f.baseline.value, f.unit)} | ${ratio} | ${f.goal} | ${met}`,
      );
    }
    return lines.join('\n');
  }

  toJSON() {
    return this.figures;
  }
}

/** `--json FILE` from a bench script's command line, or undefined. */
export function jsonFileArg(argv = process.argv.slice(2)) {
  const at = argv.indexOf('--json');
  if (at === -1) return undefined;
  const file = argv[at + 1];
  if (file === undefined || file.startsWith('--')) throw new Error('--json needs a file name');
  return file;
}

/** From a forked bench script: hands its figures to the parent (`runForked`, which adds them to its report). */
export function sendFigures(report) {
  process.send?.({ figures: report.figures });
}

/**
 * `--only a,b` from a bench script's command line: the sections to run (all when absent), so one part can
 * be measured without the others' minutes.
 */
export function sectionFilter(argv = process.argv.slice(2)) {
  const at = argv.indexOf('--only');
  if (at === -1) return () => true;
  const wanted = new Set((argv[at + 1] ?? '').split(',').filter(Boolean));
  if (wanted.size === 0) throw new Error('--only needs a comma-separated list of sections');
  return (section) => wanted.has(section);
}

/** Runs a bench script in a child process (fork) and adds the figures it sends (`sendFigures`) to `report`. */
export async function runForked(report, script, args = []) {
  const { fork } = await import('node:child_process');
  const child = fork(script, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.on('message', (message) => {
    if (message !== null && typeof message === 'object' && Array.isArray(message.figures)) report.addAll(message.figures);
  });
  // 'close', not 'exit': by then every message the child sent has been delivered.
  const code = await new Promise((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`${script} exited with ${code}`);
}
