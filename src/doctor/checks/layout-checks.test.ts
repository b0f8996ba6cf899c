import { describe, expect, it } from 'vitest';
import { finding } from '../../../test/helpers/doctor/report-findings.js';
import type { RuntimeId } from '../../runtimes/runtime-catalogue.js';
import { diagnose, type DoctorReport } from '../diagnose.js';
import { DoctorFixture } from '../../../test/helpers/doctor/doctor-fixture.js';
import type { ZipSpecEntry } from '../../archive/zip-writer.js';

const fx = new DoctorFixture();

async function layerReport(
  runtime: RuntimeId,
  entries: readonly ZipSpecEntry[],
  userEnv: Record<string, string> = {},
): Promise<DoctorReport> {
  const layer = await fx.zip('layer.zip', entries);
  return diagnose(fx.subject(runtime, { layers: [layer], userEnv }));
}

describe('node layout', () => {
  it('flags node_modules at the zip root', async () => {
    const report = await layerReport('nodejs20.x', [{ name: 'node_modules/lodash/index.js', data: 'module.exports = 1;' }]);
    const f = finding(report, 'node-modules-at-root');
    expect(f.severity).toBe('error');
    expect(f.paths).toEqual(['/opt/node_modules']);
    expect(f.fix).toContain('nodejs/node_modules/');
  });

  it('flags a nodejs/nodeNN folder for another major', async () => {
    const report = await layerReport('nodejs20.x', [{ name: 'nodejs/node18/node_modules/x/index.js', data: '1' }]);
    const f = finding(report, 'node-version-folder-mismatch');
    expect(f.severity).toBe('error');
    expect(f.paths).toEqual(['/opt/nodejs/node18']);
    expect(f.fix).toContain('nodejs/node20/node_modules/');
  });

  it('only notes another major folder when the layer also serves this one', async () => {
    const report = await layerReport('nodejs20.x', [
      { name: 'nodejs/node18/node_modules/x/index.js', data: '1' },
      { name: 'nodejs/node20/node_modules/x/index.js', data: '1' },
    ]);
    expect(finding(report, 'node-version-folder-mismatch').severity).toBe('info');
  });
});

describe('python layout', () => {
  it('flags modules and packages at the zip root', async () => {
    const report = await layerReport('python3.12', [
      { name: 'helpers.py', data: 'x = 1' },
      { name: 'requests/__init__.py', data: '' },
    ]);
    const f = finding(report, 'python-packages-at-root');
    expect(f.paths).toEqual(['/opt/helpers.py', '/opt/requests']);
    expect(f.fix).toContain('pip install -t python/');
  });

  it('flags a zip of the python folder contents', async () => {
    const report = await layerReport('python3.12', [{ name: 'lib/python3.12/site-packages/requests/__init__.py', data: '' }]);
    const f = finding(report, 'python-folder-contents-at-root');
    expect(f.paths).toEqual(['/opt/lib/python3.12/site-packages']);
    expect(f.fix).toContain('zip -r layer.zip python');
  });

  it('flags site-packages content (dist-info) at the root', async () => {
    const report = await layerReport('python3.11', [
      { name: 'requests/__init__.py', data: '' },
      { name: 'requests-2.31.0.dist-info/METADATA', data: 'Name: requests' },
    ]);
    expect(finding(report, 'python-folder-contents-at-root').paths).toEqual(['/opt/requests-2.31.0.dist-info']);
  });

  it('flags site-packages of another minor version', async () => {
    const report = await layerReport('python3.9', [{ name: 'python/lib/python3.8/site-packages/requests/__init__.py', data: '' }]);
    const f = finding(report, 'python-version-folder-mismatch');
    expect(f.severity).toBe('error');
    expect(f.fix).toContain('python/lib/python3.9/site-packages/');
  });
});

describe('ruby layout', () => {
  it('flags gems under another version folder', async () => {
    const report = await layerReport('ruby3.3', [{ name: 'ruby/gems/3.2.0/gems/rack-3.0.0/lib/rack.rb', data: '' }]);
    const f = finding(report, 'ruby-gems-version-mismatch');
    expect(f.paths).toEqual(['/opt/ruby/gems/3.2.0']);
    expect(f.fix).toContain('ruby/gems/3.3.0/');
  });

  it.each(['vendor/bundle', 'ruby/lib/vendor/bundle'])('flags gems under bundler layout %s', async (dir) => {
    const report = await layerReport('ruby3.2', [{ name: `${dir}/ruby/3.2.0/gems/rack-3.0.0/lib/rack.rb`, data: '' }]);
    const f = finding(report, 'ruby-gems-bundler-layout');
    expect(f.paths).toContain(`/opt/${dir}`);
    expect(f.fix).toContain('Do not set GEM_PATH by hand');
  });

  it('flags the RUBY_LIB misspelling', async () => {
    const report = await layerReport('ruby3.2', [{ name: 'ruby/lib/util.rb', data: '' }], { RUBY_LIB: '/opt/ruby/lib' });
    const f = finding(report, 'ruby-lib-misspelled');
    expect(f.severity).toBe('warning');
    expect(f.fix).toContain('Remove RUBY_LIB');
  });
});

describe('java layout', () => {
  it('flags loose classes in java/lib', async () => {
    const report = await layerReport('java21', [{ name: 'java/lib/com/example/Util.class', data: 'cafebabe' }]);
    const f = finding(report, 'java-classes-not-jars');
    expect(f.paths).toEqual(['/opt/java/lib/com/example/Util.class']);
    expect(f.fix).toContain('jar cf');
  });

  it('flags jars in sub-folders of java/lib or outside it', async () => {
    const report = await layerReport('java17', [
      { name: 'java/lib/deps/gson.jar', data: 'PK' },
      { name: 'lib/jackson.jar', data: 'PK' },
      { name: 'java/lib/ok.jar', data: 'PK' },
    ]);
    const f = finding(report, 'java-jars-misplaced');
    expect(f.paths).toEqual(['/opt/java/lib/deps/gson.jar', '/opt/lib/jackson.jar']);
    expect(f.fix).toContain('directly in java/lib/');
  });
});

describe('provided bootstrap', () => {
  it('flags a bootstrap in a sub-folder', async () => {
    const report = await layerReport('provided.al2023', [{ name: 'bin/bootstrap', data: '#!/bin/sh', mode: 0o755 }]);
    const f = finding(report, 'bootstrap-not-at-root');
    expect(f.paths).toEqual(['/opt/bin/bootstrap']);
    expect(f.fix).toContain('root of the function zip or of a layer zip');
  });

  it('flags a bootstrap without exec bits', async () => {
    const report = await layerReport('provided.al2', [{ name: 'bootstrap', data: '#!/bin/sh', mode: 0o644 }]);
    const f = finding(report, 'bootstrap-not-executable');
    expect(f.paths).toEqual(['/opt/bootstrap']);
    expect(f.fix).toContain('chmod 755 bootstrap');
  });

  it('flags a function with no bootstrap at all', async () => {
    const code = await fx.zip('code.zip', [{ name: 'main.go', data: 'package main' }]);
    const report = await diagnose(fx.subject('provided.al2023', { code }));
    expect(finding(report, 'bootstrap-missing').fix).toContain('executable bootstrap');
  });
});
