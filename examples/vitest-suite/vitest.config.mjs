import { defineConfig } from 'vitest/config';

// A first invoke builds the runtime image when the engine lacks it (minutes, once per machine).
export default defineConfig({ test: { testTimeout: 600_000, hookTimeout: 120_000 } });
