/** `import { createTestkit } from 'lsim/testing'`: lsim for any test runner (docs/testing.md). Re-exports only. */
export { createTestkit, Testkit, type TestkitOptions, type FunctionSpec, type InvokeOptions, type LayerSpec } from './testkit.js';
export type { Invocation } from './invocation.js';
export type { ReportFigureValues } from '../runtimes/report-line.js';
