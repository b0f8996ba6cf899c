import { readFileSync } from 'node:fs';
import { run } from './host-commands.js';

/**
 * No traffic between the containers of lsim's bridge (Lambda environments accept no inbound
 * connection: docs/security.md#2-no-traffic-between-environments). Docker drops it with the rule
 * `FORWARD -i <bridge> -o <bridge> -j DROP` for `enable_icc=false`, but an engine started with
 * `--iptables=false` writes no rule and says nothing. So where lsim runs as root beside the engine it
 * checks for that rule and, missing, inserts it itself: the same rule, so either engine ends alike.
 * Bridged frames meet iptables only with `net.bridge.bridge-nf-call-iptables` on (br_netfilter), as
 * Docker's own rule needs. Returns undefined when the rule holds, otherwise why it does not.
 */
export async function ensureBridgeIsolation(bridge: string): Promise<string | undefined> {
  let done = checked.get(bridge);
  if (done === undefined) {
    done = isolate(bridge);
    checked.set(bridge, done);
  }
  return done;
}

const checked = new Map<string, Promise<string | undefined>>();

/** The rule's match in FORWARD, Docker's own for enable_icc=false (libnetwork's bridge driver, setIcc). */
export const forwardDropMatch = (bridge: string): string[] => ['-i', bridge, '-o', bridge, '-j', 'DROP'];

async function isolate(bridge: string): Promise<string | undefined> {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'lsim does not run as root, so it cannot check the firewall';
  if (readSysctl('/proc/sys/net/bridge/bridge-nf-call-iptables') !== '1') {
    return 'bridged traffic skips iptables on this machine (net.bridge.bridge-nf-call-iptables is not 1)';
  }
  const match = forwardDropMatch(bridge);
  try {
    await run('iptables', ['-w', '-C', 'FORWARD', ...match]);
    return undefined;
  } catch {
    // Not there: the engine applies no iptables rules.
  }
  try {
    await run('iptables', ['-w', '-I', 'FORWARD', '1', ...match]);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function readSysctl(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}
