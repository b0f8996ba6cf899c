import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LsimConfig } from '../../src/common/config.js';
import { LSIM_LABELS } from '../../src/engine/container-engine.js';
import { LsimServices } from '../../src/composition/lsim-services.js';
import type { LocalExecutor } from '../../src/execution/local-executor.js';
import { LambdaRegistry } from '../../src/registry/lambda-registry.js';
import { docker, testConfig } from './test-engine.js';

/**
 * One throwaway LSIM_HOME per test file: its own registry, blob store and extraction cache, and a
 * label (`dev.lsim.home=<home>`) on every container lsim starts for it, so a test can prove that
 * nothing was left behind without seeing other files' or other engineers' containers.
 */
export class LsimHome {
  readonly home: string;
  readonly config: LsimConfig;
  readonly executor: LocalExecutor;
  private registryInstance: LambdaRegistry | undefined;

  /** `env`: engine settings of a test's own (remote-engine.test.ts), over the caller's environment's. */
  constructor(prefix = 'lsim-it-', env: Readonly<Record<string, string>> = {}) {
    this.home = mkdtempSync(join(tmpdir(), prefix));
    this.config = testConfig(this.home, env);
    this.executor = new LsimServices(this.config).executor;
  }

  get registry(): LambdaRegistry {
    this.registryInstance ??= LambdaRegistry.open(this.config);
    return this.registryInstance;
  }

  /** Ids of every container (running or not) lsim created for this home. */
  leftoverContainers(): string[] {
    return docker(['ps', '-aq', '--filter', `label=${LSIM_LABELS.managed}=true`, '--filter', `label=${LSIM_LABELS.home}=${this.home}`]);
  }

  /** Removes the overlay volumes lsim made for this home, then the home itself. */
  dispose(): void {
    this.registryInstance?.close();
    for (const id of this.leftoverContainers()) docker(['rm', '-f', id]);
    const volumes = docker(['volume', 'ls', '-q', '--filter', `label=${LSIM_LABELS.home}=${this.home}`]);
    for (const name of volumes) docker(['volume', 'rm', '-f', name]);
    // Extracted trees keep the zips' modes (read-only folders included): make them removable first.
    execFileSync('chmod', ['-R', 'u+rwx', this.home], { stdio: 'ignore' });
    rmSync(this.home, { recursive: true, force: true });
  }
}
