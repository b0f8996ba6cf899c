import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ARCHITECTURE_FACTS, type Architecture } from '../../src/runtimes/architecture.js';
import { NODE_SDK_PACKAGES } from '../../src/runtimes/bundled-sdk.js';
import { debianPackages, filesUnder, npmPackage, treeOf } from '../helpers/fetch-packages.js';
import { fixtureDir, fixtureZip, invokeAdHoc } from '../helpers/invoke-helpers.js';
import { LsimHome } from '../helpers/lsim-home.js';
import { docker, ensureTestImage } from '../helpers/test-engine.js';

/** `docker history`'s human sizes ("0B", "4.1kB", "98.3MB") in bytes. */
const parseSize = (text: string): number => {
  const match = /^([\d.]+)([kMG]?)B$/.exec(text);
  if (match === null) throw new Error(`not a docker size: ${text}`);
  return Number(match[1]) * { '': 1, k: 1e3, M: 1e6, G: 1e9 }[match[2] as '' | 'k' | 'M' | 'G'];
};

/**
 * What the managed runtimes ship and Lambda's base system, with real published packages: the bundled
 * AWS SDKs with no layer and a layer's own copy winning (docs/runtimes.md#bundled-sdks), and the glibc
 * ceiling on jq from Debian trixie, refused with the loader's words by invoke and by `lsim doctor`,
 * while bullseye's jq (built for an older glibc) runs (docs/glibc-ceiling.md).
 */
let lsim: LsimHome;
let downloads: string;
let newJqLayer: string;
let oldJqLayer: string;

const JQ_PACKAGES = ['jq', 'libjq1', 'libonig5'];

/** ld.so's words for trixie's jq on a glibc older than 2.35, with the library folder of the image's architecture. */
const loaderRefusal = (lib: string): RegExp =>
  new RegExp(
    String.raw`^/opt/bin/jq: /lib/${lib}/lib[cm]\.so\.6: version ` +
      '`' +
      String.raw`GLIBC_2\.3[5-9]' not found \(required by /opt/(bin/jq|lib/libjq\.so\.1)\)$`,
    'm',
  );
const LOADER_REFUSAL = loaderRefusal('x86_64-linux-gnu');

function jqLayer(name: string, suite: string, architecture: Architecture = 'x86_64'): string {
  const { debian, uname } = ARCHITECTURE_FACTS[architecture];
  const lib = `usr/lib/${uname}-linux-gnu`;
  const root = debianPackages(downloads, suite, JQ_PACKAGES, debian);
  return fixtureZip(
    lsim,
    name,
    treeOf(root, '', { 'bin/jq': 'usr/bin/jq', 'lib/libjq.so.1': `${lib}/libjq.so.1`, 'lib/libonig.so.5': `${lib}/libonig.so.5` }),
  );
}

/** A custom runtime answering one event with what running `command` printed and its exit status. */
const reportingBootstrap = (command: string): string => `#!/bin/sh
api="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while :; do
  id=$(curl -sS -D /tmp/h "$api/invocation/next" -o /dev/null; grep -i '^lambda-runtime-aws-request-id:' /tmp/h | tr -d '\\r' | cut -d' ' -f2)
  out=$(echo '{"a":1}' | ${command} 2>&1); code=$?
  printf '{"code":%d,"out":"%s"}' "$code" "$(printf '%s' "$out" | base64 -w0)" > /tmp/reply
  curl -sS -X POST "$api/invocation/$id/response" --data-binary @/tmp/reply >/dev/null
done
`;

const decoded = (body: unknown): { code: number; out: string } => {
  const { code, out } = body as { code: number; out: string };
  return { code, out: Buffer.from(out, 'base64').toString('utf8') };
};

function doctorFindings(runtime: string, layer: string): { code: string; paths?: string[]; message: string }[] {
  // Exit status 1 when it finds errors: the report on stdout is what counts.
  const run = spawnSync(process.execPath, ['bin/lsim.js', 'doctor', '--runtime', runtime, '--layer', layer, '--output', 'json'], {
    env: { ...process.env, LSIM_HOME: lsim.home },
  });
  const report = JSON.parse(run.stdout.toString()) as { findings?: { code: string; paths?: string[]; message: string }[] };
  return report.findings ?? [];
}

beforeAll(() => {
  lsim = new LsimHome('lsim-it-base-system-');
  downloads = join(lsim.home, 'downloads');
  mkdirSync(downloads, { recursive: true });
  newJqLayer = jqLayer('jq-trixie', 'trixie');
  oldJqLayer = jqLayer('jq-bullseye', 'bullseye');
}, 300_000);

afterEach(() => {
  expect(lsim.leftoverContainers()).toEqual([]);
});

afterAll(() => lsim?.dispose());

describe('the AWS SDK for JavaScript v3 in /var/runtime/node_modules', () => {
  const code = (): string =>
    fixtureDir(lsim, 'sdk-node', {
      'index.mjs':
        "import { createRequire } from 'node:module';\n" +
        "import { LambdaClient } from '@aws-sdk/client-lambda';\n" +
        'const require = createRequire(import.meta.url);\n' +
        'export const handler = async () => {\n' +
        "  const s3 = require.resolve('@aws-sdk/client-s3/package.json');\n" +
        "  return { lambda: typeof LambdaClient, lambdaPath: require.resolve('@aws-sdk/client-lambda'), s3, s3Version: require(s3).version };\n" +
        '};\n',
    });

  for (const runtime of ['nodejs20.x', 'nodejs22.x'] as const) {
    it(`${runtime}: @aws-sdk/client-lambda imports with no layer`, async () => {
      const { body } = await invokeAdHoc(lsim, { runtime, handler: 'index.handler', code: code() });
      expect(body).toEqual({
        lambda: 'function',
        lambdaPath: '/var/runtime/node_modules/@aws-sdk/client-lambda/dist-cjs/index.js',
        s3: '/var/runtime/node_modules/@aws-sdk/client-s3/package.json',
        s3Version: NODE_SDK_PACKAGES['@aws-sdk/client-s3'],
      });
    }, 600_000);
  }

  it("a layer's newer @aws-sdk/client-s3 wins over the bundled one", async () => {
    const newer = npmPackage(downloads, '@aws-sdk/client-s3@3.1175.0');
    const layer = fixtureZip(lsim, 'client-s3-layer', treeOf(newer, 'nodejs/node_modules/@aws-sdk/client-s3/', filesUnder(newer)));
    const { body } = await invokeAdHoc(lsim, { runtime: 'nodejs22.x', handler: 'index.handler', code: code(), layers: [layer] });
    expect(body).toMatchObject({ s3: '/opt/nodejs/node_modules/@aws-sdk/client-s3/package.json', s3Version: '3.1175.0' });
  }, 600_000);

  it('a client lsim does not bundle fails with a note saying so', async () => {
    const missing = fixtureDir(lsim, 'sdk-node-missing', {
      'index.js': "const { IoTClient } = require('@aws-sdk/client-iot');\nexports.handler = async () => typeof IoTClient;\n",
    });
    const { body } = await invokeAdHoc(lsim, { runtime: 'nodejs22.x', handler: 'index.handler', code: missing });
    expect(body).toMatchObject({ errorType: 'Runtime.ImportModuleError' });
    expect((body as { errorMessage: string }).errorMessage).toContain(
      "lsim: @aws-sdk/client-iot is part of the AWS SDK that Lambda's Node.js runtimes include, but not of the subset lsim bundles",
    );
  }, 600_000);
});

describe('boto3', () => {
  const code = (): string =>
    fixtureDir(lsim, 'sdk-python', {
      'lambda_function.py':
        'import boto3, botocore, sys\n' +
        'def lambda_handler(event, context):\n' +
        '    result = {"boto3": boto3.__file__, "botocore": botocore.__file__, "version": botocore.__version__}\n' +
        '    if event.get("client"):\n' +
        '        result["client"] = type(boto3.client("s3", region_name="us-east-1")).__name__\n' +
        '    return result\n',
    });

  it('python3.12: imports with no layer, from /var/lang/lib/python3.12/site-packages', async () => {
    const { body } = await invokeAdHoc(lsim, {
      runtime: 'python3.12',
      handler: 'lambda_function.lambda_handler',
      code: code(),
      event: { client: true },
    });
    expect(body).toMatchObject({
      boto3: '/var/lang/lib/python3.12/site-packages/boto3/__init__.py',
      botocore: '/var/lang/lib/python3.12/site-packages/botocore/__init__.py',
      client: 'S3',
    });
  }, 600_000);

  it('python3.12: boto3 is stored once (in the rootfs layer, not again above it) and byte-compiled', async () => {
    const tag = await ensureTestImage('python3.12', join(lsim.home, 'build'));
    // The layers the base and python Dockerfiles add above the rootfs: a move of boto3 there (the old
    // recipe) kept its ~100 MB twice, once in the rootfs and once in that layer.
    const [rootfsLayer, ...above] = docker(['history', '--no-trunc', '--format', '{{.Size}}\t{{.CreatedBy}}', tag]).reverse();
    expect(rootfsLayer).toMatch(/^\d+(\.\d+)?MB\t/);
    const aboveBytes = above.map((line) => parseSize(line.split('\t')[0] ?? '')).reduce((a, b) => a + b, 0);
    expect(aboveBytes).toBeLessThan(10e6);
    const compiled = fixtureDir(lsim, 'sdk-python-compiled', {
      'lambda_function.py':
        'import importlib.util, os, sys, botocore.client\n' +
        'def lambda_handler(event, context):\n' +
        '    pyc = importlib.util.cache_from_source(botocore.client.__file__)\n' +
        '    return {"pyc": os.path.exists(pyc), "dist": os.listdir("/usr/lib/python3/dist-packages")}\n',
    });
    const { body } = await invokeAdHoc(lsim, { runtime: 'python3.12', handler: 'lambda_function.lambda_handler', code: compiled });
    expect(body).toEqual({ pyc: true, dist: [] });
  }, 1_200_000);

  it("a layer's botocore (bookworm's, another version) wins", async () => {
    const root = debianPackages(downloads, 'bookworm', ['python3-botocore']);
    const botocore = join(root, 'usr/lib/python3/dist-packages/botocore');
    const layer = fixtureZip(lsim, 'botocore-layer', treeOf(botocore, 'python/botocore/', filesUnder(botocore)));
    const version = /__version__ = '([^']+)'/.exec(readFileSync(join(botocore, '__init__.py'), 'utf8'))?.[1];
    // Only botocore itself: Debian's botocore/exceptions.py (which boto3 imports) needs requests, which the
    // image deliberately lacks (docs/runtimes.md#bundled-sdks); the PyPI botocore a real layer ships does not.
    const onlyBotocore = fixtureDir(lsim, 'sdk-python-botocore', {
      'lambda_function.py':
        'import botocore\n' +
        'def lambda_handler(event, context):\n' +
        '    return {"botocore": botocore.__file__, "version": botocore.__version__}\n',
    });
    const { body } = await invokeAdHoc(lsim, {
      runtime: 'python3.12',
      handler: 'lambda_function.lambda_handler',
      code: onlyBotocore,
      layers: [layer],
    });
    expect(body).toMatchObject({ botocore: '/opt/python/botocore/__init__.py', version });
  }, 600_000);
});

describe('the AWS SDK for Ruby', () => {
  it("ruby3.3: require 'aws-sdk-core' and 'aws-sdk-s3' work with no layer, from /var/runtime/gems", async () => {
    const code = fixtureDir(lsim, 'sdk-ruby', {
      'lambda_function.rb':
        "require 'aws-sdk-core'\nrequire 'aws-sdk-s3'\n" +
        "def lambda_handler(event:, context:)\n  { core: Aws::CORE_GEM_VERSION, s3: Gem.loaded_specs['aws-sdk-s3'].full_gem_path }\nend\n",
    });
    const { body } = await invokeAdHoc(lsim, { runtime: 'ruby3.3', handler: 'lambda_function.lambda_handler', code });
    expect(body).toMatchObject({
      core: expect.stringMatching(/^3\.\d+\.\d+$/) as unknown,
      s3: expect.stringMatching(/^\/var\/runtime\/gems\/aws-sdk-s3-/) as unknown,
    });
  }, 600_000);
});

describe('the glibc ceiling', () => {
  const empty = (): string => fixtureDir(lsim, 'empty', { 'README.txt': 'nothing\n' });
  const bootstrapLayer = (name: string, command: string): string =>
    fixtureZip(lsim, name, { bootstrap: { data: reportingBootstrap(command), mode: 0o755 } });

  it("provided.al2023: trixie's jq from /opt exits with the loader's words, as on AL2023's glibc 2.34", async () => {
    const { body } = await invokeAdHoc(lsim, {
      runtime: 'provided.al2023',
      handler: 'x',
      code: empty(),
      layers: [newJqLayer, bootstrapLayer('run-jq', '/opt/bin/jq -c .')],
    });
    const { code, out } = decoded(body);
    expect(out).toMatch(LOADER_REFUSAL);
    expect(code).toBe(1);
  }, 600_000);

  it("provided.al2023: bullseye's jq (built for glibc 2.31) runs", async () => {
    const { body } = await invokeAdHoc(lsim, {
      runtime: 'provided.al2023',
      handler: 'x',
      code: empty(),
      layers: [oldJqLayer, bootstrapLayer('run-jq-old', '/opt/bin/jq -c .')],
    });
    expect(decoded(body)).toEqual({ code: 0, out: '{"a":1}' });
  }, 600_000);

  it("provided.al2023 arm64: the arm64 build of the module refuses trixie's arm64 jq with the loader's words, bullseye's runs", async () => {
    const arm64 = { runtime: 'provided.al2023', architecture: 'arm64', handler: 'x', code: empty(), timeoutSeconds: 60 } as const;
    const bootstrap = bootstrapLayer('run-jq-arm64', '/opt/bin/jq -c .');
    const refused = await invokeAdHoc(lsim, { ...arm64, layers: [jqLayer('jq-trixie-arm64', 'trixie', 'arm64'), bootstrap] });
    const { code, out } = decoded(refused.body);
    expect(out).toMatch(loaderRefusal('aarch64-linux-gnu'));
    expect(code).toBe(1);
    const ran = await invokeAdHoc(lsim, { ...arm64, layers: [jqLayer('jq-bullseye-arm64', 'bullseye', 'arm64'), bootstrap] });
    expect(decoded(ran.body)).toEqual({ code: 0, out: '{"a":1}' });
  }, 600_000);

  it('python3.12: dlopen of the library and exec of the tool fail the same way, the interpreter itself keeps working', async () => {
    const code = fixtureDir(lsim, 'ceiling-python', {
      'lambda_function.py':
        'import ctypes, subprocess\n' +
        'def lambda_handler(event, context):\n' +
        '    try:\n' +
        '        ctypes.CDLL("/opt/lib/libjq.so.1")\n' +
        '        dl = "loaded"\n' +
        '    except OSError as e:\n' +
        '        dl = str(e)\n' +
        '    run = subprocess.run(["/opt/bin/jq", "--version"], capture_output=True, text=True)\n' +
        '    return {"dlopen": dl, "code": run.returncode, "stderr": run.stderr}\n',
    });
    const { body } = await invokeAdHoc(lsim, {
      runtime: 'python3.12',
      handler: 'lambda_function.lambda_handler',
      code,
      layers: [newJqLayer],
    });
    const { dlopen, code: status, stderr } = body as { dlopen: string; code: number; stderr: string };
    expect(dlopen).toMatch(
      /^\/lib\/x86_64-linux-gnu\/lib[cm]\.so\.6: version `GLIBC_2\.3[5-9]' not found \(required by \/opt\/lib\/libjq\.so\.1\)$/,
    );
    expect(stderr).toMatch(LOADER_REFUSAL);
    expect(status).toBe(1);
  }, 600_000);

  it('lsim doctor gives the same verdict on the same layers', () => {
    const refused = doctorFindings('provided.al2023', newJqLayer).filter((f) => f.code === 'elf-glibc-too-new');
    expect(refused.flatMap((f) => f.paths ?? []).sort()).toEqual(['/opt/bin/jq', '/opt/lib/libjq.so.1']);
    expect(doctorFindings('provided.al2023', oldJqLayer).map((f) => f.code)).not.toContain('elf-glibc-too-new');
  }, 120_000);
});

describe('AWS_LAMBDA_EXEC_WRAPPER', () => {
  // The wrapper gets the runtime id's interpreter path as $1, as Lambda's bootstraps pass it.
  const cases = [
    {
      runtime: 'nodejs22.x',
      interpreter: '/var/lang/bin/node',
      handler: 'index.handler',
      file: 'index.js',
      source: 'exports.handler = async () => "ok";\n',
    },
    {
      runtime: 'python3.12',
      interpreter: '/var/lang/bin/python3.12',
      handler: 'lambda_function.lambda_handler',
      file: 'lambda_function.py',
      source: 'def lambda_handler(event, context):\n    return "ok"\n',
    },
    {
      runtime: 'ruby3.3',
      interpreter: '/var/lang/bin/ruby',
      handler: 'lambda_function.lambda_handler',
      file: 'lambda_function.rb',
      source: "def lambda_handler(event:, context:)\n  'ok'\nend\n",
    },
  ] as const;

  for (const { runtime, interpreter, handler, file, source } of cases) {
    it(`${runtime}: $1 is ${interpreter}`, async () => {
      const wrapper = fixtureZip(lsim, `wrapper-${runtime}`, {
        wrapper: { data: '#!/bin/sh\necho "lsim-wrapper-interpreter=$1" >&2\nexec "$@"\n', mode: 0o755 },
      });
      const code = fixtureDir(lsim, `wrapped-${runtime}`, { [file]: source });
      const { body, log } = await invokeAdHoc(lsim, {
        runtime,
        handler,
        code,
        layers: [wrapper],
        environment: { AWS_LAMBDA_EXEC_WRAPPER: '/opt/wrapper' },
      });
      expect(body).toBe('ok');
      expect(log).toContain(`lsim-wrapper-interpreter=${interpreter}\n`);
    }, 600_000);
  }
});
