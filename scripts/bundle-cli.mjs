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

/**
 * string-width (yargs' help layout, cliui, ora) builds an `Intl.Segmenter` and compiles Unicode property
 * regexes (`\p{RGI_Emoji}` with the `v` flag) when its module is evaluated: 40-50 ms of CPU in every
 * `lsim` start-up, for help text and spinners that a command like publish never draws
 * (docs/publish-serve-speed.md). Each import of it becomes a function that evaluates the real module on
 * its first call: esbuild wraps a module reached through `require()` so that it runs when first required.
 */
const lazyStringWidth = {
  name: 'lsim-lazy-string-width',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === 'real') return undefined;
      const real = await esbuild.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'real' });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: 'lsim-lazy' };
    });
    esbuild.onResolve({ filter: /.*/, namespace: 'lsim-lazy' }, (args) => ({ path: args.path }));
    esbuild.onLoad({ filter: /.*/, namespace: 'lsim-lazy' }, (args) => ({
      contents: `export default function stringWidth(text, options) { return require(${JSON.stringify(args.path)}).default(text, options); }`,
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
  plugins: [unusedTransports, lazyStringWidth],
  // CommonJS dependencies inside an ESM bundle still call require().
  banner: { js: "import { createRequire as lsimCreateRequire } from 'node:module'; const require = lsimCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
