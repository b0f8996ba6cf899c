import type { ShutdownReason } from '../runtime-api/runtime-session.js';
import { delay, type ExecutionEnvironment } from './execution-environment.js';

/**
 * Lambda's shutdown budget (docs/lifecycle.md#shutdown): none when the runtime is the only client
 * (it is killed at once), 500 ms with internal extensions only, 2,000 ms with an external one, after
 * which whatever still runs is killed.
 */
export function shutdownBudgetMs(clients: number, external: boolean): number {
  if (external) return 2000;
  return clients === 0 ? 0 : 500;
}

/**
 * The SHUTDOWN phase, the one way an environment ends (a one-shot invoke's end, an idle timeout,
 * a configuration change, a server stop, a reset): the session's clients get until the deadline
 * to leave, then the container is killed and removed and the Runtime API closed.
 */
export async function runShutdown(environment: ExecutionEnvironment, reason: ShutdownReason): Promise<void> {
  const { session, extensions, telemetry } = environment.server;
  const deadline = Date.now() + shutdownBudgetMs(session.clientNames.length, extensions.hasExternal);
  // Lambda flushes the subscribers' buffers before SHUTDOWN (docs/telemetry.md#delivery), within the budget.
  if (telemetry.subscriberNames.length > 0) await Promise.race([telemetry.flush(), delay(Math.max(0, deadline - Date.now()))]);
  await session.shutdown(reason, deadline);
  telemetry.discard();
  await environment.dispose();
}
