import { createRequire } from 'node:module';

/**
 * Loads a CommonJS dependency (yaml, jmespath) when an option first needs it, synchronously: a static
 * import evaluates it in every `lsim` start-up, ~30 ms of CPU for yaml alone, for the few command lines
 * with `--output yaml`, `--cli-input-yaml` or `--query` (docs/publish-serve-speed.md). It resolves from
 * the installed package's node_modules, as the CLI bundle's external modules do.
 */
export const lazyRequire = createRequire(import.meta.url);
