import { describe, expect, it } from 'vitest';
import type { ZipSpecEntry } from '../archive/zip-writer.js';
import type { RuntimeId } from '../runtimes/runtime-catalogue.js';
import { diagnose } from './diagnose.js';
import { DoctorFixture } from '../../test/helpers/doctor/doctor-fixture.js';
import { makeElf } from '../../test/helpers/doctor/make-elf.js';
import { formatReport } from './format-report.js';

const fx = new DoctorFixture();

interface CleanCase {
  readonly runtime: RuntimeId;
  readonly handler: string;
  readonly code: readonly ZipSpecEntry[];
  readonly layer: readonly ZipSpecEntry[];
}

const CLEAN: readonly CleanCase[] = [
  {
    runtime: 'nodejs20.x',
    handler: 'index.handler',
    code: [
      {
        name: 'index.mjs',
        data: "import _ from 'lodash';\nimport { S3Client } from '@aws-sdk/client-s3';\nimport fs from 'node:fs';\nconst d = require('dayjs');\nexport const handler = async () => 1;",
      },
    ],
    layer: [
      { name: 'nodejs/node_modules/lodash/index.js', data: '' },
      { name: 'nodejs/node20/node_modules/dayjs/index.js', data: '' },
    ],
  },
  {
    runtime: 'python3.13',
    handler: 'app.handler',
    code: [{ name: 'app.py', data: 'import json, os\nimport requests\nfrom yaml import safe_load\nimport boto3\nfrom . import local\n' }],
    layer: [
      { name: 'python/lib/python3.13/site-packages/requests/__init__.py', data: '' },
      { name: 'python/yaml/__init__.py', data: '' },
      {
        name: 'python/lib/python3.13/site-packages/_yaml.cpython-313-x86_64-linux-gnu.so',
        data: makeElf({ needs: { 'libc.so.6': ['GLIBC_2.17'] } }),
      },
    ],
  },
  {
    runtime: 'ruby3.3',
    handler: 'function.handler',
    code: [{ name: 'function.rb', data: "require 'json'\nrequire 'rack'\nrequire 'helper'\ndef handler(event:, context:) end\n" }],
    layer: [
      { name: 'ruby/gems/3.3.0/gems/rack-3.0.0/lib/rack.rb', data: '' },
      { name: 'ruby/lib/helper.rb', data: '' },
    ],
  },
  {
    runtime: 'java21',
    handler: 'example.Handler::handleRequest',
    code: [{ name: 'example/Handler.class', data: 'cafebabe' }],
    layer: [{ name: 'java/lib/gson.jar', data: 'PK' }],
  },
  {
    runtime: 'provided.al2023',
    handler: 'unused',
    code: [{ name: 'bootstrap', data: makeElf({ needs: { 'libc.so.6': ['GLIBC_2.34'] } }), mode: 0o755 }],
    layer: [
      { name: 'bin/jq', data: makeElf(), mode: 0o755 },
      { name: 'extensions/telemetry', data: '#!/bin/sh\n', mode: 0o755 },
      { name: 'lib/libz.so.1', data: makeElf() },
    ],
  },
];

describe('diagnose', () => {
  it.each(CLEAN)('finds nothing wrong with a well-made $runtime function', async ({ runtime, handler, code, layer }) => {
    const subject = fx.subject(runtime, {
      handler,
      code: await fx.zip('code.zip', code),
      layers: [await fx.zip('layer.zip', layer)],
    });
    const report = await diagnose(subject);
    expect(report.findings).toEqual([]);
    expect(report.summary).toEqual({ errors: 0, warnings: 0, infos: 0 });
    expect(report.imports.every((i) => i.status !== 'not-found')).toBe(true);
  });

  it('says where lsim runs a runtime id on the nearest interpreter, as information only', async () => {
    const report = await diagnose(
      fx.subject('python3.12', {
        handler: 'lambda_function.handler',
        code: await fx.zip('code.zip', [{ name: 'lambda_function.py', data: 'def handler(e, c):\n    return 1\n' }]),
      }),
    );
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        severity: 'info',
        code: 'nearest-interpreter',
        message: expect.stringContaining('python3.12 on python3 3.13'),
      }),
    );
    expect(report.summary.errors + report.summary.warnings).toBe(0);
  });

  it('resolves the handler imports and says where each one comes from', async () => {
    const subject = fx.subject('nodejs20.x', {
      handler: 'index.handler',
      code: await fx.zip('code.zip', [{ name: 'index.mjs', data: CLEAN[0]?.code[0]?.data ?? '' }]),
      layers: [await fx.zip('layer.zip', CLEAN[0]?.layer ?? [])],
    });
    const report = await diagnose(subject);
    expect(report.handlerFile).toBe('/var/task/index.mjs');
    expect(report.imports.map((i) => [i.module, i.status, i.resolvedPath])).toEqual([
      ['lodash', 'found', '/opt/nodejs/node_modules/lodash'],
      ['@aws-sdk/client-s3', 'runtime', undefined],
      ['node:fs', 'runtime', undefined],
      ['dayjs', 'found', '/opt/nodejs/node20/node_modules/dayjs'],
    ]);
  });

  it('explains an import found only where the runtime does not look', async () => {
    const subject = fx.subject('python3.9', {
      handler: 'app.handler',
      code: await fx.zip('code.zip', [{ name: 'app.py', data: 'import requests\n' }]),
      layers: [await fx.zip('layer.zip', [{ name: 'python/lib/python3.8/site-packages/requests/__init__.py', data: '' }])],
    });
    const report = await diagnose(subject);
    const f = report.findings.find((x) => x.code === 'import-not-found');
    expect(f?.message).toContain("'requests' would not be found");
    expect(f?.message).toContain('it is under python3.8/site-packages; this runtime searches python3.9/site-packages');
    expect(f?.paths).toEqual(['/opt/python/lib/python3.8/site-packages/requests']);
  });

  it('checks --imports instead of the handler file', async () => {
    const subject = fx.subject('nodejs18.x', {
      imports: ['left-pad'],
      layers: [await fx.zip('layer.zip', [{ name: 'node_modules/left-pad/index.js', data: '' }])],
    });
    const report = await diagnose(subject);
    const f = report.findings.find((x) => x.code === 'import-not-found');
    expect(f?.message).toContain('/opt/node_modules/left-pad exists, but /opt/node_modules is not searched');
  });

  it('flags a handler file that is not there', async () => {
    const subject = fx.subject('python3.12', {
      handler: 'lambda_function.handler',
      code: await fx.zip('code.zip', [{ name: 'src/lambda_function.py', data: '' }]),
    });
    const report = await diagnose(subject);
    expect(report.findings.find((x) => x.code === 'handler-file-not-found')?.paths).toContain('/var/task/lambda_function.py');
  });

  it('says what the runtime reports for a handler file that is not there', async () => {
    const subject = fx.subject('nodejs20.x', {
      handler: 'app.handler',
      code: await fx.zip('code.zip', [{ name: 'index.js', data: '' }]),
    });
    const report = await diagnose(subject);
    expect(report.findings.find((x) => x.code === 'handler-file-not-found')?.message).toContain(
      "It fails with Runtime.ImportModuleError: Error: Cannot find module 'app'",
    );
  });

  it.each<[RuntimeId, string, string]>([
    ['nodejs20.x', 'index', 'the form file.export; the runtime fails with Runtime.MalformedHandlerName: Bad handler'],
    [
      'python3.12',
      'lambda_function',
      "the form module.function; the runtime fails with Runtime.MalformedHandlerName: Bad handler 'lambda_function'",
    ],
    [
      'java21',
      'example.Hello::',
      "the form package.Class::method or package.Class; the runtime fails with Invalid handler: `example.Hello::'",
    ],
  ])('flags the %s handler %j, which the runtime cannot read', async (runtime, handler, expected) => {
    const report = await diagnose(fx.subject(runtime, { handler }));
    expect(report.findings.find((x) => x.code === 'handler-malformed')?.message).toContain(expected);
  });

  it('has a stable JSON shape and a readable text form', async () => {
    const subject = fx.subject('nodejs20.x', {
      userEnv: { NODE_PATH: '/var/task/lib' },
      layers: [await fx.zip('broken.zip', [{ name: 'node_modules/x/index.js', data: '' }])],
    });
    const report = await diagnose(subject);
    expect(Object.keys(JSON.parse(JSON.stringify(report)) as object)).toEqual([
      'schemaVersion',
      'subject',
      'summary',
      'findings',
      'searchPaths',
      'provenance',
      'imports',
    ]);
    expect(report.findings.map((f) => [f.severity, f.code])).toEqual([
      ['error', 'node-modules-at-root'],
      ['warning', 'search-path-opt-removed'],
    ]);
    const text = formatReport(report);
    expect(text).toContain('lsim doctor: nodejs20.x (AL2023, glibc 2.34) on x86_64');
    expect(text).toContain('  NODE_PATH: /var/task/lib\n');
    expect(text).toContain("    removed by the function's environment: /opt/nodejs/node20/node_modules");
    expect(text).toMatch(/Errors:\n {2}\[node-modules-at-root\] .*\n {4}fix: Put the packages under nodejs\/node_modules\//);
    expect(text).toContain('1 error(s), 1 warning(s), 0 note(s).');
  });
});
