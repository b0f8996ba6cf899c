import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NODEJS } from '../../src/runtimes/families/nodejs.js';
import { debianPackages, filesUnder, npmPackage, treeOf } from '../helpers/fetch-packages.js';
import { fixtureDir, fixtureZip, invokeAdHoc, type AdHocCase } from '../helpers/invoke-helpers.js';
import { LsimHome } from '../helpers/lsim-home.js';

/**
 * `lsim doctor` and invoke give the same verdict on the same inputs (issue 10, "Doctor agrees with
 * invoke"), with real published packages: native addons of @datadog/pprof (built per
 * NODE_MODULE_VERSION) and deasync (Node-API), chalk 5 (an ES module only) required from CommonJS,
 * and Debian bookworm's ruby-bcrypt (a C extension linked against Ruby 3.1) on ruby3.3.
 */
let lsim: LsimHome;
let downloads: string;

interface DoctorFinding {
  readonly code: string;
  readonly message: string;
  readonly paths: readonly string[];
}

/** The findings of `lsim doctor` on the very arguments `invokeAdHoc` gets. */
function doctorFindings(input: AdHocCase): DoctorFinding[] {
  const args = ['bin/lsim.js', 'doctor', '--runtime', input.runtime, '--handler', input.handler, '--code', input.code];
  for (const layer of input.layers ?? []) args.push('--layer', layer);
  if (input.environment !== undefined) args.push('--environment', JSON.stringify({ Variables: input.environment }));
  // Exit status 1 when it finds errors: the report on stdout is what counts.
  const run = spawnSync(process.execPath, [...args, '--output', 'json'], { env: { ...process.env, LSIM_HOME: lsim.home } });
  const report = JSON.parse(run.stdout.toString()) as { findings?: DoctorFinding[] };
  return report.findings ?? [];
}

/** Both verdicts on one case: invoke's error message (undefined when it succeeded) and doctor's findings. */
async function both(input: AdHocCase): Promise<{ error: string | undefined; body: unknown; findings: DoctorFinding[] }> {
  const { body } = await invokeAdHoc(lsim, input);
  const error = typeof body === 'object' && body !== null && 'errorMessage' in body ? String(body.errorMessage) : undefined;
  return { error, body, findings: doctorFindings(input) };
}

/** Node prints its errors over several lines; doctor quotes them on one. */
const oneLine = (text: string): string => text.replace(/\s+/g, ' ');

beforeAll(() => {
  lsim = new LsimHome('lsim-it-doctor-agrees-');
  downloads = join(lsim.home, 'downloads');
  mkdirSync(downloads, { recursive: true });
}, 300_000);

afterEach(() => {
  expect(lsim.leftoverContainers()).toEqual([]);
});

afterAll(() => lsim?.dispose());

const addonHandler = (path: string): string =>
  `const addon = require('${path}');\nexports.handler = async () => ({ modules: process.versions.modules, exports: Object.keys(addon).length > 0 });\n`;

describe('native addons and NODE_MODULE_VERSION', () => {
  let pprofAddon: Buffer;
  let napiAddon: Buffer;
  beforeAll(() => {
    const pprof = npmPackage(downloads, '@datadog/pprof@5.20.0');
    pprofAddon = readFileSync(join(pprof, 'prebuilds/linux-x64/dd_pprof.node.abi115.node'));
    const deasync = npmPackage(downloads, 'deasync@0.1.32');
    napiAddon = readFileSync(join(deasync, 'bin/linux-x64-node-20/deasync.node'));
  }, 300_000);

  const addonCase = (name: string, runtime: string, addon: Buffer): AdHocCase => ({
    runtime,
    handler: 'index.handler',
    code: fixtureDir(lsim, `${name}-code`, { 'index.js': addonHandler('/opt/nodejs/node_modules/addon/addon.node') }),
    layers: [fixtureZip(lsim, `${name}-layer`, { 'nodejs/node_modules/addon/addon.node': { data: addon } })],
  });

  it('an addon built for Node.js 20 (NODE_MODULE_VERSION 115) loads on nodejs20.x, and doctor says nothing against it', async () => {
    const { body, findings } = await both(addonCase('abi115-on-20', 'nodejs20.x', pprofAddon));
    expect(body).toEqual({ modules: '115', exports: true });
    expect(findings.map((f) => f.code)).not.toContain('node-addon-abi-mismatch');
  }, 600_000);

  it('the same addon on nodejs22.x fails with Node’s words, which doctor quotes', async () => {
    const { error, findings } = await both(addonCase('abi115-on-22', 'nodejs22.x', pprofAddon));
    const path = '/opt/nodejs/node_modules/addon/addon.node';
    const nodeWords = `The module '${path}' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 127.`;
    expect(oneLine(error ?? '')).toContain(nodeWords);
    const finding = findings.find((f) => f.code === 'node-addon-abi-mismatch');
    expect(finding?.paths).toEqual([path]);
    expect(finding?.message).toContain(nodeWords);
  }, 600_000);

  for (const { id, nodeModuleVersion } of NODEJS.runtimes) {
    it(`${id}: a Node-API addon loads, and doctor says nothing against it`, async () => {
      const { body, findings } = await both(addonCase(`napi-on-${id}`, id, napiAddon));
      expect(body).toEqual({ modules: String(nodeModuleVersion), exports: true });
      expect(findings.map((f) => f.code)).not.toContain('node-addon-abi-mismatch');
    }, 600_000);
  }
});

describe('extension files Lambda cannot execute (provided.al2023)', () => {
  const launchCase = (name: string, data: string): AdHocCase => ({
    runtime: 'provided.al2023',
    handler: 'x',
    code: fixtureDir(lsim, `${name}-code`, { bootstrap: { data: '#!/bin/sh\nexit 0\n', mode: 0o755 } }),
    layers: [fixtureZip(lsim, `${name}-layer`, { [`extensions/${name}`]: { data, mode: 0o755 } })],
  });
  const cases = [
    { name: 'plain', data: 'echo "a script without its #! line"\n', code: 'extension-unknown-format', reason: 'exec format error' },
    {
      name: 'gone',
      data: '#!/opt/bin/missing-interpreter\necho hi\n',
      code: 'extension-interpreter-missing',
      reason: 'no such file or directory',
    },
  ];
  for (const { name, data, code, reason } of cases) {
    it(`${code}: init fails with Extension.LaunchError, "${reason}", as doctor says`, async () => {
      const input = launchCase(name, data);
      const { body, log } = await invokeAdHoc(lsim, input);
      const findings = doctorFindings(input);
      const words = `fork/exec /opt/extensions/${name}: ${reason}`;
      expect((body as { errorType?: string }).errorType).toBe('Extension.LaunchError');
      expect(String((body as { errorMessage?: string }).errorMessage)).toMatch(new RegExp(`^RequestId: [0-9a-f-]{36} Error: ${words}$`));
      const finding = findings.find((f) => f.code === code);
      expect(finding?.message).toContain(`"Error: ${words}"`);
      expect(finding?.message).toContain(`State: LaunchError Events: [] Error Type: UnknownError`);
      expect(log).toContain(`EXTENSION\tName: ${name}\tState: LaunchError\tEvents: []\tError Type: UnknownError`);
      expect(log).toContain('INIT_REPORT Init Duration: ');
      expect(log).toContain('\tPhase: init\tStatus: error\tError Type: Extension.LaunchError');
      // The file never ran: a shell would have run the plain one as a script.
      expect(log).not.toContain('a script without');
    }, 600_000);
  }
});

describe('require() of an ES-module-only package (chalk 5)', () => {
  let chalkLayer: string;
  let code: string;
  beforeAll(() => {
    const chalk = npmPackage(downloads, 'chalk@5.3.0');
    chalkLayer = fixtureZip(lsim, 'chalk5-layer', treeOf(chalk, 'nodejs/node_modules/chalk/', filesUnder(chalk)));
    code = fixtureDir(lsim, 'require-chalk', {
      'index.js': "const chalk = require('chalk');\nexports.handler = async () => ({ chalk: typeof chalk.default?.level });\n",
    });
  }, 300_000);

  const target = '/opt/nodejs/node_modules/chalk/source/index.js';
  const refusal = `require() of ES Module ${target} from /var/task/index.js not supported.`;

  for (const runtime of ['nodejs18.x', 'nodejs20.x', 'nodejs22.x'] as const) {
    it(`${runtime}: fails with ERR_REQUIRE_ESM, as doctor says`, async () => {
      const { error, findings } = await both({ runtime, handler: 'index.handler', code, layers: [chalkLayer] });
      expect(oneLine(error ?? '')).toContain(refusal);
      const finding = findings.find((f) => f.code === 'node-require-esm');
      expect(finding?.paths).toEqual([target]);
      expect(finding?.message).toContain(refusal);
    }, 600_000);
  }

  it('nodejs18.x with NODE_OPTIONS=--experimental-require-module: node does not start, as doctor says', async () => {
    const input: AdHocCase = {
      runtime: 'nodejs18.x',
      handler: 'index.handler',
      code,
      layers: [chalkLayer],
      environment: { NODE_OPTIONS: '--experimental-require-module' },
    };
    const { body, log } = await invokeAdHoc(lsim, input);
    const nodeWords = '/var/lang/bin/node: --experimental-require-module is not allowed in NODE_OPTIONS';
    expect(body).toMatchObject({
      errorType: 'Runtime.ExitError',
      errorMessage: expect.stringMatching(/Error: Runtime exited with error: exit status 9$/),
    });
    expect(log).toContain(`${nodeWords}\n`);
    const finding = doctorFindings(input).find((f) => f.code === 'node-options-unsupported');
    expect(finding?.message).toContain(nodeWords);
    expect(finding?.message).toContain('Runtime exited with error: exit status 9');
  }, 600_000);

  for (const [runtime, environment] of [
    ['nodejs22.x', { NODE_OPTIONS: '--experimental-require-module' }],
    ['nodejs20.x', { NODE_OPTIONS: '--experimental-require-module' }],
    ['nodejs24.x', undefined],
  ] as const) {
    it(`${runtime}${environment === undefined ? '' : ' with NODE_OPTIONS=--experimental-require-module'}: loads, and doctor says nothing against it`, async () => {
      const { body, findings } = await both({ runtime, handler: 'index.handler', code, layers: [chalkLayer], environment });
      expect(body).toEqual({ chalk: 'number' });
      expect(findings.map((f) => f.code).filter((c) => c.startsWith('node-require'))).toEqual([]);
    }, 600_000);
  }
});

describe('Ruby C extensions and the Ruby they are linked against', () => {
  // Debian's gem tree: rubygems-integration/3.1.0/{gems,specifications,extensions}, for bookworm's Ruby 3.1.
  const gemRoot = 'usr/lib/x86_64-linux-gnu/rubygems-integration/3.1.0/';
  let root: string;
  let files: Record<string, string>;
  beforeAll(() => {
    root = debianPackages(downloads, 'bookworm', ['ruby-bcrypt']);
    files = filesUnder(root);
  }, 300_000);

  const under = (prefix: string): Record<string, string> =>
    Object.fromEntries(
      Object.keys(files)
        .filter((p) => p.startsWith(prefix))
        .map((p) => [p.slice(prefix.length), p]),
    );
  const code = (): string =>
    fixtureDir(lsim, 'ruby-bcrypt', {
      'lambda_function.rb': "require 'bcrypt'\ndef lambda_handler(event:, context:)\n  BCrypt::Password.create('x').to_s[0, 4]\nend\n",
    });
  const bcryptCase = (layer: string): AdHocCase => ({
    runtime: 'ruby3.3',
    handler: 'lambda_function.lambda_handler',
    code: code(),
    layers: [layer],
  });

  it('ruby3.3: the gem tree under ruby/gems/3.1.0 is not on GEM_PATH, as doctor says', async () => {
    const layer = fixtureZip(lsim, 'bcrypt-gems-3.1.0', treeOf(root, 'ruby/gems/3.1.0/', under(gemRoot)));
    const { error, findings } = await both(bcryptCase(layer));
    expect(error).toBe('cannot load such file -- bcrypt');
    expect(findings.find((f) => f.code === 'ruby-gems-version-mismatch')?.paths).toEqual(['/opt/ruby/gems/3.1.0']);
  }, 600_000);

  it('ruby3.3: its bcrypt_ext.so (linked against Ruby 3.1) on RUBYLIB fails with the loader’s words, which doctor quotes', async () => {
    const lib = under(`${gemRoot}gems/bcrypt-3.1.18/lib/`);
    const ext = `${gemRoot}extensions/x86_64-linux/3.1.0/bcrypt-3.1.18/bcrypt_ext.so`;
    const layer = fixtureZip(lsim, 'bcrypt-rubylib', treeOf(root, 'ruby/lib/', { ...lib, 'bcrypt_ext.so': ext }));
    const { error, findings } = await both(bcryptCase(layer));
    const bcryptExt = '/opt/ruby/lib/bcrypt_ext.so';
    const loader = `libruby-3.1.so.3.1: cannot open shared object file: No such file or directory - ${bcryptExt}`;
    expect(error ?? '').toContain(loader);
    const finding = findings.find((f) => f.code === 'ruby-extension-abi-mismatch');
    expect(finding?.paths).toEqual([bcryptExt]);
    expect(finding?.message).toContain(loader);
  }, 600_000);
  it('ruby3.3: a C extension linked as AWS builds them (libruby.so.3.3) loads, and doctor finds nothing to say', async () => {
    // trixie's ruby-bcrypt, built for Ruby 3.3, with its DT_NEEDED renamed from Debian's soname to the one
    // Ruby's own --enable-shared build (Lambda's) has: the shape of a gem compiled on Lambda's Ruby.
    const trixie = debianPackages(downloads, 'trixie', ['ruby-bcrypt']);
    const trixieFiles = filesUnder(trixie);
    const ext = Object.keys(trixieFiles).find((path) =>
      /extensions\/x86_64-linux(?:-gnu)?\/3\.3\.0\/bcrypt-[\d.]+\/bcrypt_ext\.so$/.test(path),
    );
    const libDir = Object.keys(trixieFiles).find((path) =>
      /rubygems-integration\/3\.3\.0\/gems\/bcrypt-[\d.]+\/lib\/bcrypt\.rb$/.test(path),
    );
    expect(ext).toBeDefined();
    expect(libDir).toBeDefined();
    const gemLib = (libDir ?? '').replace(/bcrypt\.rb$/, '');
    const lib = Object.fromEntries(
      Object.keys(trixieFiles)
        .filter((path) => path.startsWith(gemLib))
        .map((path) => [path.slice(gemLib.length), path]),
    );
    const renamed = renameNeeded(readFileSync(join(trixie, ext ?? '')), 'libruby-3.3.so.3.3', 'libruby.so.3.3');
    const layer = fixtureZip(lsim, 'bcrypt-aws-soname', {
      ...treeOf(trixie, 'ruby/lib/', lib),
      'ruby/lib/bcrypt_ext.so': { data: renamed, mode: 0o755 },
    });
    const { error, body, findings } = await both(bcryptCase(layer));
    expect(error).toBeUndefined();
    expect(body).toBe('$2a$');
    expect(findings.filter((f) => f.code === 'ruby-extension-abi-mismatch')).toEqual([]);
  }, 600_000);
});

/** The ELF with one DT_NEEDED string replaced in place by a shorter one (NUL-padded): what patchelf --replace-needed does when it fits. */
function renameNeeded(elf: Buffer, from: string, to: string): Buffer {
  const at = elf.indexOf(Buffer.from(`\0${from}\0`));
  if (at < 0 || to.length > from.length) throw new Error(`renameNeeded: ${from} is not a string of this ELF, or ${to} is longer`);
  const out = Buffer.from(elf);
  out.fill(0, at + 1, at + 1 + from.length);
  out.write(to, at + 1);
  return out;
}
