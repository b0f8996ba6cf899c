import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/common/config.js';
import { childEnv } from '../helpers/test-engine.js';
import { LsimHome } from '../helpers/lsim-home.js';

/**
 * The README's main job (`npm run demo`), as a new user runs it: the default Pending/InProgress window
 * included, which the other tests turn off, so a demo that invokes before its function settles fails here.
 */
const home = new LsimHome('lsim-demo-');
afterAll(() => home.dispose());

describe('npm run demo', () => {
  it('publishes a layer, creates a function on it, invokes it, and reproduces the PYTHONPATH bug', async () => {
    const run = await execa('node', ['examples/demo.js'], {
      env: childEnv(home.home, { LSIM_UPDATE_DELAY_MS: String(DEFAULTS.updateDelayMs) }),
      extendEnv: false,
      reject: false,
    });
    expect(run.stderr).not.toContain('ResourceConflictException');
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('demo finished: the layer worked, and the PYTHONPATH bug reproduced as in Lambda');
    expect(home.leftoverContainers()).toEqual([]);
  }, 300_000);
});
