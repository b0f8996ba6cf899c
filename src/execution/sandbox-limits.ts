import { LsimError } from '../common/errors.js';
import type { ContainerSpec } from '../engine/container-engine.js';

/**
 * The last check before an environment's container is created: it must have a memory limit, a
 * process limit and a sized /tmp (Lambda's quotas, docs/security.md). Anything else would run the
 * function unbounded (a MemorySize of "big" decoded to NaN once did), so lsim refuses to start it.
 */
export function assertSandboxLimits(spec: ContainerSpec, functionName: string): void {
  const problems: string[] = [];
  if (!positiveInteger(spec.memoryBytes)) problems.push(`a memory limit (got ${describe(spec.memoryBytes)} bytes)`);
  if (!positiveInteger(spec.pidsLimit)) problems.push(`a process limit (got ${describe(spec.pidsLimit)})`);
  if (!positiveInteger(spec.ulimitNofile)) problems.push(`a file-descriptor limit (got ${describe(spec.ulimitNofile)})`);
  const tmp = spec.mounts.find((mount) => mount.target === '/tmp');
  if (tmp === undefined) problems.push('a /tmp (none mounted)');
  else if (!positiveInteger(tmp.sizeBytes)) problems.push(`a sized /tmp (got ${describe(tmp.sizeBytes)} bytes)`);
  if (problems.length === 0) return;
  throw new LsimError(
    'ServiceException',
    `lsim refuses to start a container for function ${functionName} without ${problems.join(', ')}: check its MemorySize and EphemeralStorage.`,
  );
}

const positiveInteger = (value: number | undefined): value is number => value !== undefined && Number.isSafeInteger(value) && value > 0;
const describe = (value: number | undefined): string => (value === undefined ? 'none' : String(value));
