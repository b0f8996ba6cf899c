import { describe, expect, it } from 'vitest';
import type { ZipSpecEntry } from '../../../archive/zip-writer.js';
import type { RuntimeId } from '../../../runtimes/runtime-catalogue.js';
import { DoctorFixture } from '../../../../test/helpers/doctor/doctor-fixture.js';
import { makeElf } from '../../../../test/helpers/doctor/make-elf.js';
import { codes, finding } from '../../../../test/helpers/doctor/report-findings.js';
import type { DoctorSubject } from '../../doctor-subject.js';
import { diagnose, type DoctorReport } from '../../diagnose.js';
import { EM_AARCH64 } from '../../elf/elf-reader.js';

const fx = new DoctorFixture();

const script = (name: string, body: string, mode = 0o755): ZipSpecEntry => ({ name: `extensions/${name}`, data: body, mode });

async function doctor(runtime: RuntimeId, entries: readonly ZipSpecEntry[], parts: Partial<DoctorSubject> = {}): Promise<DoctorReport> {
  const layer = await fx.zip('arn:aws:lambda:us-east-1:123456789012:layer:ext:1', entries);
  return diagnose(fx.subject(runtime, { layers: [layer], ...parts }));
}

const extensionCodes = (report: DoctorReport): string[] => codes(report).filter((code) => code.includes('extension'));

describe('whether Lambda can start each extension', () => {
  it('a file without exec bit fails to launch with PermissionDenied, reported once', async () => {
    const report = await doctor('python3.12', [
      script('agent', '#!/bin/sh\n', 0o644),
      { name: 'bin/tool', data: '#!/bin/sh', mode: 0o644 },
    ]);
    const f = finding(report, 'extension-not-executable');
    expect(f.paths).toEqual(['/opt/extensions/agent']);
    expect(f.message).toContain('mode 0644');
    expect(f.message).toContain('Extension.LaunchError, "Error: fork/exec /opt/extensions/agent: permission denied"');
    expect(f.message).toContain('"EXTENSION Name: agent State: LaunchError Events: [] Error Type: PermissionDenied"');
    expect(finding(report, 'missing-exec-bit').paths).toEqual(['/opt/bin/tool']);
  });

  it('a script without #! is an exec format error: Lambda execs it without a shell', async () => {
    const report = await doctor('nodejs20.x', [script('agent', 'curl -X POST ...\n')]);
    expect(finding(report, 'extension-unknown-format').message).toContain('"Error: fork/exec /opt/extensions/agent: exec format error"');
  });

  it('an executable of the other architecture fails to launch, and is not also a generic ELF finding', async () => {
    const report = await doctor('provided.al2023', [
      { name: 'extensions/datadog-agent', data: makeElf({ machine: EM_AARCH64 }), mode: 0o755 },
    ]);
    const f = finding(report, 'extension-wrong-architecture');
    expect(f.message).toContain('64-bit arm64 executable, but the function runs on 64-bit x86_64');
    expect(f.message).toContain('Error Type: UnknownError');
    expect(codes(report)).not.toContain('elf-wrong-architecture');
    const onArm = await doctor(
      'provided.al2023',
      [{ name: 'extensions/datadog-agent', data: makeElf({ machine: EM_AARCH64 }), mode: 0o755 }],
      {
        architecture: 'arm64',
      },
    );
    expect(extensionCodes(onArm)).toEqual([]);
  });

  it('an executable needing a newer glibc starts, and crashes with the loader’s words', async () => {
    const elf = makeElf({ needs: { 'libc.so.6': ['GLIBC_2.2.5', 'GLIBC_2.36'] } });
    const report = await doctor('nodejs22.x', [{ name: 'extensions/agent', data: elf, mode: 0o755 }]);
    const f = finding(report, 'extension-glibc-too-new');
    expect(f.message).toContain(
      'the loader prints "/opt/extensions/agent: /lib64/libc.so.6: version `GLIBC_2.36\' not found (required by /opt/extensions/agent)"',
    );
    expect(f.message).toContain('Extension.Crash, "Error: exit status 1"');
    expect(codes(report)).not.toContain('elf-glibc-too-new');
    expect(extensionCodes(await doctor('nodejs22.x', [{ name: 'extensions/agent', data: makeElf(), mode: 0o755 }]))).toEqual([]);
  });

  it('an executable linked for musl’s loader (built on Alpine) fails to launch; glibc’s loader is there', async () => {
    const musl = makeElf({ interpreter: '/lib/ld-musl-x86_64.so.1' });
    const f = finding(await doctor('nodejs22.x', [{ name: 'extensions/agent', data: musl, mode: 0o755 }]), 'extension-interpreter-missing');
    expect(f.message).toContain('linked for the loader /lib/ld-musl-x86_64.so.1');
    expect(f.message).toContain('"Error: fork/exec /opt/extensions/agent: no such file or directory"');
    const glibc = makeElf({ interpreter: '/lib64/ld-linux-x86-64.so.2' });
    expect(extensionCodes(await doctor('nodejs22.x', [{ name: 'extensions/agent', data: glibc, mode: 0o755 }]))).toEqual([]);
  });
});

describe('the #! interpreter of a script extension', () => {
  it('/bin/sh and /bin/bash are in every runtime image', async () => {
    for (const runtime of ['provided.al2', 'nodejs18.x', 'java21', 'ruby3.4'] as const) {
      const report = await doctor(runtime, [
        script('a', '#!/bin/sh\n'),
        script('b', '#!/bin/bash -e\n'),
        script('c', '#!/usr/bin/env bash\n'),
      ]);
      expect(extensionCodes(report)).toEqual([]);
    }
  });

  it('python3 is there only in python runtimes, directly or through env', async () => {
    const direct = [script('agent', '#!/var/lang/bin/python3\nimport os\n')];
    const viaEnv = [script('agent', '#!/usr/bin/env python3\nimport os\n')];
    expect(extensionCodes(await doctor('python3.12', direct))).toEqual([]);
    expect(extensionCodes(await doctor('python3.9', viaEnv))).toEqual([]);
    const missing = finding(await doctor('nodejs20.x', direct), 'extension-interpreter-missing');
    expect(missing.message).toContain("#!/var/lang/bin/python3, which nodejs20.x's image does not have");
    expect(missing.message).toContain('"Error: fork/exec /opt/extensions/agent: no such file or directory"');
    expect(missing.fix).toContain('/var/lang/bin/node');
    const env = finding(await doctor('nodejs20.x', viaEnv), 'extension-interpreter-missing');
    expect(env.message).toContain(`env prints "/usr/bin/env: 'python3': No such file or directory"`);
    expect(env.message).toContain('Extension.Crash, "Error: exit status 127"');
  });

  it('no runtime has a system /usr/bin/python3 or Perl', async () => {
    for (const shebang of ['#!/usr/bin/python3', '#!/usr/bin/perl -w']) {
      expect(codes(await doctor('python3.13', [script('agent', `${shebang}\n`)]))).toContain('extension-interpreter-missing');
    }
  });

  it('an interpreter a layer provides, directly or on PATH (/opt/bin), is found', async () => {
    const python = { name: 'bin/python3', data: makeElf(), mode: 0o755 };
    expect(extensionCodes(await doctor('provided.al2023', [script('agent', '#!/opt/bin/python3\n'), python]))).toEqual([]);
    expect(extensionCodes(await doctor('provided.al2023', [script('agent', '#!/usr/bin/env python3\n'), python]))).toEqual([]);
  });

  it('env looks on the function’s own PATH when it sets one, and splits with -S', async () => {
    const node = [script('agent', '#!/usr/bin/env -S node --enable-source-maps\n')];
    expect(extensionCodes(await doctor('nodejs22.x', node))).toEqual([]);
    const noLang = await doctor('nodejs22.x', node, { userEnv: { PATH: '/usr/bin:/bin' } });
    expect(finding(noLang, 'extension-interpreter-missing').message).toContain("'node': No such file or directory");
  });

  it('Windows line endings make the interpreter name end in \\r', async () => {
    const direct = finding(await doctor('nodejs20.x', [script('agent', '#!/bin/sh\r\necho hi\r\n')]), 'extension-crlf-line-endings');
    expect(direct.message).toContain('the interpreter "/bin/sh\\r"');
    expect(direct.message).toContain('no such file or directory');
    const env = finding(await doctor('python3.12', [script('agent', '#!/usr/bin/env python3\r\n')]), 'extension-crlf-line-endings');
    expect(env.message).toContain("'python3\\r': No such file or directory");
    expect(env.fix).toContain('dos2unix');
  });
});

describe('names, places and count', () => {
  it('a script registering under another name than its file', async () => {
    const curl = '#!/bin/sh\ncurl -sS -X POST -H "Lambda-Extension-Name: my-extension" -d \'{"events":["INVOKE"]}\' "$api/register"\n';
    const f = finding(await doctor('nodejs22.x', [script('agent.sh', curl)]), 'extension-name-mismatch');
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('registers as "my-extension", not as its file name "agent.sh"');
    const python = "#!/usr/bin/env python3\nheaders = {'Lambda-Extension-Name': 'my-extension'}\n";
    expect(codes(await doctor('python3.12', [script('agent', python)]))).toContain('extension-name-mismatch');
    const computed = '#!/bin/sh\ncurl -H "Lambda-Extension-Name: $(basename "$0")" -d x "$api/register"\n';
    const own = '#!/bin/sh\ncurl -H "Lambda-Extension-Name: my-extension" -d x "$api/register"\n';
    expect(extensionCodes(await doctor('nodejs22.x', [script('agent', computed), script('my-extension', own)]))).toEqual([]);
  });

  it('more than 10 extensions: the 11th in name order is refused and Init fails', async () => {
    const names = Array.from({ length: 11 }, (_, k) => `ext-${String(k).padStart(2, '0')}`);
    const report = await doctor(
      'nodejs22.x',
      names.map((name) => script(name, '#!/bin/sh\n')),
    );
    const f = finding(report, 'too-many-extensions');
    expect(f.paths).toEqual(['/opt/extensions/ext-10']);
    expect(f.message).toContain('"Extension limit (10) reached"');
    expect(f.message).toContain('"EXTENSION Name: ext-10 State: LaunchError Events: [] Error Type: TooManyExtensions"');
    const ten = await doctor(
      'nodejs22.x',
      names.slice(0, 10).map((name) => script(name, '#!/bin/sh\n')),
    );
    expect(codes(ten)).not.toContain('too-many-extensions');
  });

  it('counts the extensions of every layer, merged at /opt', async () => {
    const a = await fx.zip(
      'a',
      Array.from({ length: 6 }, (_, k) => script(`a${k}`, '#!/bin/sh\n')),
    );
    const b = await fx.zip(
      'b',
      Array.from({ length: 5 }, (_, k) => script(`b${k}`, '#!/bin/sh\n')),
    );
    expect(codes(await diagnose(fx.subject('python3.12', { layers: [a, b] })))).toContain('too-many-extensions');
  });

  it('executables in subfolders of /opt/extensions are never started', async () => {
    const nested = { name: 'extensions/agent/bin/agent', data: makeElf(), mode: 0o755 };
    const alone = finding(await doctor('nodejs22.x', [nested]), 'extension-in-subfolder');
    expect(alone.severity).toBe('warning');
    expect(alone.message).toContain('so no extension starts');
    const helper = finding(
      await doctor('nodejs22.x', [nested, script('agent-launcher', '#!/bin/sh\nexec /opt/extensions/agent/bin/agent\n')]),
      'extension-in-subfolder',
    );
    expect(helper.severity).toBe('info');
  });

  it('executables in the function package’s extensions/ folder are never started', async () => {
    const code = await fx.zip('function.zip', [
      { name: 'extensions/agent', data: '#!/bin/sh\n', mode: 0o755 },
      { name: 'extensions/__init__.py', data: '' },
      { name: 'lambda_function.py', data: 'def lambda_handler(e, c):\n    return 1\n' },
    ]);
    const report = await diagnose(fx.subject('python3.12', { code, handler: 'lambda_function.lambda_handler' }));
    expect(finding(report, 'extension-in-function-code').paths).toEqual(['/var/task/extensions/agent']);
  });
});
