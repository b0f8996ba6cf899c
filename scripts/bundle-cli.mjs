// Bundles the CLI into dist/bundle/ after tsc: one ESM graph (lsim's modules, yargs and the pure-JS
// dependencies) instead of some hundreds of files, which cuts every `lsim` start-up by about a third
// (list-layers 0.40 s → 0.26 s on this machine). Command bodies stay in separate chunks loaded on
// demand. Native packages stay external. The bundle sits two levels below the package root, like
// dist/cli/, so its `../../package.json` and `../../images` lookups still hold.
import { build } from 'esbuild';

/**
 * dockerode loads, at its first import, a BuildKit session client (gRPC and protobufjs: ~110
 * modules) and docker-modem an SSH transport (ssh2: ~30): a second and more of every engine
 * command's start-up on a busy machine (docs/cold-start.md). lsim builds with the classic builder
 * (no `version: "2"`, so no session) and refuses ssh:// hosts (src/engine/connection.ts), so in the
 * CLI bundle both are stubs that fail loudly if that ever changes.
 */
const unusedTransports = {
  name: 'lsim-unused-transports',
  setup(esbuild) {
    const stubs = { './session': '/dockerode/lib/', './ssh': '/docker-modem/lib/' };
    esbuild.onResolve({ filter: /^\.\/(session|ssh)$/ }, (args) =>
      args.importer.includes(stubs[args.path]) ? { path: args.path, namespace: 'lsim-unused' } : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'lsim-unused' }, (args) => ({
      contents: `module.exports = function () { throw new Error('lsim bundles no ${args.path.slice(2)} transport for dockerode (scripts/bundle-cli.mjs)'); };`,
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: { cli: 'dist/cli/main.js' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: 'dist/bundle',
  external: ['better-sqlite3', 'cpu-features'],
  plugins: [unusedTransports],
  // CommonJS dependencies inside an ESM bundle still call require().
  banner: { js: "import { createRequire as lsimCreateRequire } from 'node:module'; const require = lsimCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
