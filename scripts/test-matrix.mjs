// npm run test:matrix: runs the hello case of every runtime id on both architectures and the arm64 native-layer
// cases (test/matrix/), and prints one line per case, pass or fail, from vitest's JSON report. Exits 1 when any fails.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'lsim-matrix-'));
const report = join(dir, 'report.json');
const vitest = spawnSync(
  process.execPath,
  [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--config',
    'vitest.matrix.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    // vitest's own filters pass through: `npm run test:matrix -- -t arm64` runs the arm64 rows only.
    ...process.argv.slice(2),
  ],
  { stdio: ['ignore', 'inherit', 'inherit'] },
);
let results = [];
try {
  results = JSON.parse(readFileSync(report, 'utf8')).testResults.flatMap((file) => file.assertionResults);
} catch (error) {
  console.error(`no report from vitest (exit ${vitest.status}): ${error.message}`);
  process.exit(1);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Each title starts with the runtime id (then `arm64` for arm64 rows) and ends with its note in parentheses,
// `(hello: <interpreter>)` for the hello rows (test/helpers/runtime-cases.ts caseTitle).
// Rows a filter left out are reported skipped: not part of this run's table. Unfiltered, every row counts
// (a failed beforeAll leaves its rows unrun, and they fail the matrix).
const filtered = process.argv.length > 2;
const ran = filtered ? results.filter((result) => result.status === 'passed' || result.status === 'failed') : results;
const rows = ran.map((result) => {
  const [id, second] = result.title.split(' ');
  const runtime = second === 'arm64' ? `${id} arm64` : `${id} x86_64`;
  const note = /\(([^()]*)\)$/.exec(result.title)?.[1] ?? '';
  const seconds = result.duration === undefined || result.duration === null ? '' : `${(result.duration / 1000).toFixed(1)} s`;
  return [runtime, note, result.status === 'passed' ? 'pass' : 'FAIL', seconds];
});
const header = ['RUNTIME', 'CASE', 'RESULT', 'TIME'];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
const line = (cells) =>
  cells
    .map((cell, column) => cell.padEnd(widths[column]))
    .join('  ')
    .trimEnd();
console.log(['', line(header), ...rows.map(line)].join('\n'));
const failed = rows.filter((row) => row[2] !== 'pass').length;
console.log(`\n${rows.length - failed}/${rows.length} cases (runtime ids × architectures) pass`);
process.exit(failed === 0 && vitest.status === 0 ? 0 : 1);
