import { describe, expect, it } from 'vitest';
import { codes, finding } from '../../../test/helpers/doctor/report-findings.js';
import { DoctorFixture } from '../../../test/helpers/doctor/doctor-fixture.js';
import { makeElf } from '../../../test/helpers/doctor/make-elf.js';
import { diagnose } from '../diagnose.js';

const fx = new DoctorFixture();

const abiAddon = (version: number): Buffer => makeElf({ defines: [`node_register_module_v${version}`] });
const napiAddon = makeElf({ defines: ['napi_register_module_v1', 'node_api_module_get_api_version_v1'] });

describe('NODE_MODULE_VERSION of .node addons', () => {
  it('flags an addon built for Node.js 20 on nodejs22.x, in the words Node uses', async () => {
    const layer = await fx.zip('addon.zip', [{ name: 'nodejs/node_modules/pkg/build/Release/pkg.node', data: abiAddon(115) }]);
    const f = finding(await diagnose(fx.subject('nodejs22.x', { layers: [layer] })), 'node-addon-abi-mismatch');
    expect(f.paths).toEqual(['/opt/nodejs/node_modules/pkg/build/Release/pkg.node']);
    expect(f.message).toContain('NODE_MODULE_VERSION 115 (Node.js 20), but nodejs22.x runs Node.js 22 (NODE_MODULE_VERSION 127)');
    expect(f.message).toContain(
      "The module '/opt/nodejs/node_modules/pkg/build/Release/pkg.node' was compiled against a different Node.js version using " +
        'NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 127.',
    );
  });

  it('takes each runtime id’s NODE_MODULE_VERSION from the descriptor', async () => {
    const layer = await fx.zip('addon18.zip', [{ name: 'nodejs/node_modules/pkg/pkg.node', data: abiAddon(108) }]);
    expect(codes(await diagnose(fx.subject('nodejs18.x', { layers: [layer] })))).not.toContain('node-addon-abi-mismatch');
    for (const runtime of ['nodejs20.x', 'nodejs22.x', 'nodejs24.x'] as const) {
      expect(codes(await diagnose(fx.subject(runtime, { layers: [layer] })))).toContain('node-addon-abi-mismatch');
    }
  });

  it('never flags a Node-API addon, which loads on every Node.js', async () => {
    const layer = await fx.zip('napi.zip', [{ name: 'nodejs/node_modules/pkg/pkg.node', data: napiAddon }]);
    for (const runtime of ['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x'] as const) {
      expect(codes(await diagnose(fx.subject(runtime, { layers: [layer] })))).not.toContain('node-addon-abi-mismatch');
    }
  });

  it('leaves a package alone that ships a build for the runtime’s line among others', async () => {
    const layer = await fx.zip('prebuilds.zip', [
      { name: 'nodejs/node_modules/@s/pkg/prebuilds/linux-x64/node.abi115.node', data: abiAddon(115) },
      { name: 'nodejs/node_modules/@s/pkg/prebuilds/linux-x64/node.abi127.node', data: abiAddon(127) },
    ]);
    expect(codes(await diagnose(fx.subject('nodejs22.x', { layers: [layer] })))).not.toContain('node-addon-abi-mismatch');
    const f = finding(await diagnose(fx.subject('nodejs24.x', { layers: [layer] })), 'node-addon-abi-mismatch');
    expect(f.message).toContain('NODE_MODULE_VERSION 115, 127');
    expect(f.paths).toHaveLength(2);
  });
});

describe('Ruby C extensions', () => {
  it('flags an extension linked against another Ruby minor, Debian’s soname or Ruby’s own', async () => {
    const layer = await fx.zip('ext.zip', [
      { name: 'ruby/lib/debian_ext.so', data: makeElf({ needed: ['libruby-3.1.so.3.1', 'libc.so.6'] }) },
      { name: 'ruby/lib/lambda_ext.so', data: makeElf({ needed: ['libruby.so.3.2'] }) },
      { name: 'ruby/lib/own_ext.so', data: makeElf({ needed: ['libruby.so.3.3'] }) },
      { name: 'ruby/lib/static_ext.so', data: makeElf({ needed: ['libc.so.6'] }) },
    ]);
    const f = finding(await diagnose(fx.subject('ruby3.3', { layers: [layer] })), 'ruby-extension-abi-mismatch');
    expect(f.paths).toEqual(['/opt/ruby/lib/debian_ext.so', '/opt/ruby/lib/lambda_ext.so']);
    expect(f.message).toContain('linked against Ruby 3.1, 3.2, but ruby3.3 runs Ruby 3.3');
    expect(f.message).toContain(
      'libruby-3.1.so.3.1: cannot open shared object file: No such file or directory - /opt/ruby/lib/debian_ext.so',
    );
  });

  it('judges by the runtime id’s Ruby, as Lambda does, where lsim runs the nearest', async () => {
    const layer = await fx.zip('ext32.zip', [{ name: 'ruby/lib/lambda_ext.so', data: makeElf({ needed: ['libruby.so.3.2'] }) }]);
    expect(codes(await diagnose(fx.subject('ruby3.2', { layers: [layer] })))).not.toContain('ruby-extension-abi-mismatch');
  });
});

describe('require() of ES modules from a CommonJS handler', () => {
  const esmPackage = (manifest: object, main = 'export default 1;\n'): { name: string; data: string }[] => [
    { name: 'nodejs/node_modules/esm/package.json', data: JSON.stringify(manifest) },
    { name: 'nodejs/node_modules/esm/index.js', data: main },
  ];
  const handler = async (file = 'index.js', text = "const esm = require('esm');\nexports.handler = async () => esm;\n") =>
    fx.zip(`code-${file}.zip`, [{ name: file, data: text }]);

  it('fails on every line where require(esm) is off, and on Lambda’s 20 and 22 unless NODE_OPTIONS opts in', async () => {
    const layer = await fx.zip('esm.zip', esmPackage({ type: 'module', exports: './index.js' }));
    const code = await handler();
    const verdict = async (runtime: 'nodejs18.x' | 'nodejs20.x' | 'nodejs22.x' | 'nodejs24.x', NODE_OPTIONS?: string) =>
      codes(
        await diagnose(
          fx.subject(runtime, {
            layers: [layer],
            code,
            handler: 'index.handler',
            userEnv: NODE_OPTIONS === undefined ? {} : { NODE_OPTIONS },
          }),
        ),
      );
    expect(await verdict('nodejs18.x')).toContain('node-require-esm');
    expect(await verdict('nodejs20.x')).toContain('node-require-esm');
    expect(await verdict('nodejs22.x')).toContain('node-require-esm');
    expect(await verdict('nodejs22.x', '--max-old-space-size=100 --experimental-require-module')).not.toContain('node-require-esm');
    expect(await verdict('nodejs24.x')).not.toContain('node-require-esm');
    const f = finding(await diagnose(fx.subject('nodejs22.x', { layers: [layer], code, handler: 'index.handler' })), 'node-require-esm');
    expect(f.message).toContain('require() of ES Module /opt/nodejs/node_modules/esm/index.js from /var/task/index.js not supported.');
    expect(f.fix).toContain('NODE_OPTIONS=--experimental-require-module');
  });

  it('on nodejs18.x, the opt-in flag itself stops node from starting, whatever the handler requires', async () => {
    const code = await handler('index.js', 'exports.handler = async () => 1;\n');
    const subject = (runtime: 'nodejs18.x' | 'nodejs20.x', NODE_OPTIONS: string) =>
      fx.subject(runtime, { code, handler: 'index.handler', userEnv: { NODE_OPTIONS } });
    const f = finding(
      await diagnose(subject('nodejs18.x', '--enable-source-maps --experimental-require-module')),
      'node-options-unsupported',
    );
    expect(f.message).toContain('"/var/lang/bin/node: --experimental-require-module is not allowed in NODE_OPTIONS"');
    expect(f.message).toContain('Runtime.ExitError, "Runtime exited with error: exit status 9"');
    expect(codes(await diagnose(subject('nodejs18.x', '--enable-source-maps')))).not.toContain('node-options-unsupported');
    expect(codes(await diagnose(subject('nodejs20.x', '--experimental-require-module')))).not.toContain('node-options-unsupported');
  });

  it('knows .mjs mains and CommonJS packages apart', async () => {
    const mjs = await fx.zip('mjs.zip', [
      { name: 'nodejs/node_modules/esm/package.json', data: JSON.stringify({ main: 'lib/index.mjs' }) },
      { name: 'nodejs/node_modules/esm/lib/index.mjs', data: 'export default 1;\n' },
    ]);
    const cjs = await fx.zip('cjs.zip', esmPackage({ main: 'index.js' }, 'module.exports = 1;\n'));
    const code = await handler();
    expect(codes(await diagnose(fx.subject('nodejs20.x', { layers: [mjs], code, handler: 'index.handler' })))).toContain(
      'node-require-esm',
    );
    expect(codes(await diagnose(fx.subject('nodejs20.x', { layers: [cjs], code, handler: 'index.handler' })))).not.toContain(
      'node-require-esm',
    );
  });

  it('follows the require condition of exports, and flags exports with nothing for require on every line', async () => {
    const dual = await fx.zip('dual.zip', [
      ...esmPackage({ type: 'module', exports: { import: './index.js', require: './index.cjs' } }),
      { name: 'nodejs/node_modules/esm/index.cjs', data: 'module.exports = 1;\n' },
    ]);
    const importOnly = await fx.zip('import-only.zip', esmPackage({ type: 'module', exports: { '.': { import: './index.js' } } }));
    const code = await handler();
    expect(codes(await diagnose(fx.subject('nodejs18.x', { layers: [dual], code, handler: 'index.handler' })))).not.toContain(
      'node-require-esm',
    );
    const f = finding(
      await diagnose(fx.subject('nodejs24.x', { layers: [importOnly], code, handler: 'index.handler' })),
      'node-require-not-exported',
    );
    expect(f.message).toContain('No "exports" main defined in /opt/nodejs/node_modules/esm/package.json');
  });

  it('flags top-level await where require(esm) is on: ERR_REQUIRE_ASYNC_MODULE', async () => {
    const layer = await fx.zip('tla.zip', esmPackage({ type: 'module' }, 'const x = await Promise.resolve(1);\nexport default x;\n'));
    const code = await handler();
    expect(codes(await diagnose(fx.subject('nodejs24.x', { layers: [layer], code, handler: 'index.handler' })))).toContain(
      'node-require-async-module',
    );
  });

  it('says nothing for an ES module handler, which imports rather than requires', async () => {
    const layer = await fx.zip('esm2.zip', esmPackage({ type: 'module', exports: './index.js' }));
    const code = await handler('index.mjs', "import esm from 'esm';\nexport const handler = async () => esm;\n");
    const report = await diagnose(fx.subject('nodejs20.x', { layers: [layer], code, handler: 'index.handler' }));
    expect(codes(report).filter((c) => c.startsWith('node-require'))).toEqual([]);
  });
});
