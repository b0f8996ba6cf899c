import { REQUIRE_ESM_OPT_IN } from '../../runtimes/families/nodejs.js';
import type { SyncCheck } from './check-context.js';

/** How Node.js ends when NODE_OPTIONS names a flag it does not have (its exit code for bad options). */
const BAD_OPTION_STATUS = 9;

/**
 * NODE_OPTIONS reaches the runtime's node as the function sets it (docs/lambda-facts.md#nodejs-experimental-features):
 * on a Node.js line without require(esm), its opt-in flag is unknown and node exits before the runtime
 * starts, so every invoke fails with Runtime.ExitError.
 */
export const nodeOptionsCheck: SyncCheck = ({ subject, info }) => {
  if (info.family !== 'nodejs' || info.requireEsm !== 'unsupported') return [];
  const options = (subject.userEnv.NODE_OPTIONS ?? '').split(/\s+/);
  if (!options.includes(REQUIRE_ESM_OPT_IN)) return [];
  return [
    {
      severity: 'error',
      code: 'node-options-unsupported',
      message:
        `NODE_OPTIONS has ${REQUIRE_ESM_OPT_IN}, which Node.js ${info.nodeMajor} does not know: node refuses to start ` +
        `("/var/lang/bin/node: ${REQUIRE_ESM_OPT_IN} is not allowed in NODE_OPTIONS") and every invoke of ${info.id} fails with ` +
        `Runtime.ExitError, "Runtime exited with error: exit status ${BAD_OPTION_STATUS}".`,
      fix: `Remove ${REQUIRE_ESM_OPT_IN} from NODE_OPTIONS (Node.js ${info.nodeMajor} cannot require() an ES module), or move the function to nodejs20.x or later.`,
      paths: [],
    },
  ];
};
