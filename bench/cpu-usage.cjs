// Preloaded (`node --require`) into a process the bench measures: at exit, appends the process's own CPU
// time (user + system, ms) to the file named by LSIM_BENCH_CPU_FILE. Wall time on a shared machine moves
// with the load; the CPU a start-up spends is the figure that compares across runs (docs/cold-start.md).
'use strict';
const { appendFileSync } = require('node:fs');

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  appendFileSync(process.env.LSIM_BENCH_CPU_FILE, `${(user + system) / 1000}\n`);
});
