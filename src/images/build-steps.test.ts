import { describe, expect, it } from 'vitest';
import { BuildSteps } from './build-steps.js';

describe('BuildSteps', () => {
  it("keeps mmdebstrap's phases with the packages set up so far, and drops its chatter", () => {
    const steps = new BuildSteps();
    expect(steps.step('I: automatically chosen mode: root')).toBeUndefined();
    expect(steps.step('I: running --setup-hook in shell: sh -c ...')).toBeUndefined();
    expect(steps.step('I: downloading packages with apt...')).toBe('downloading packages with apt...');
    expect(steps.step('Get:1 http://deb.debian.org/debian bookworm/main amd64 libc6 [2.8 MB]')).toBeUndefined();
    for (let i = 1; i < 25; i += 1) expect(steps.step(`Setting up p${i} (1.0) ...`)).toBeUndefined();
    expect(steps.step('Setting up p25 (1.0) ...')).toBe('25 packages set up');
    expect(steps.step('Setting up p26 (1.0) ...')).toBeUndefined();
    expect(steps.step('I: creating tarball...')).toBe('creating tarball... (26 packages set up)');
  });

  it("keeps the engine's Dockerfile steps, shortened", () => {
    const steps = new BuildSteps();
    expect(steps.step(' ---> Running in 1234')).toBeUndefined();
    expect(steps.step('Step 3/7 : COPY bootstrap /var/runtime/bootstrap')).toBe('Step 3/7 : COPY bootstrap /var/runtime/bootstrap');
    const long = steps.step(`Step 4/7 : RUN ${'x'.repeat(200)}`);
    expect(long).toHaveLength(100);
    expect(long?.endsWith('...')).toBe(true);
  });
});
