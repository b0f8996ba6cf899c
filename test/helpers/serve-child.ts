import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv } from './test-engine.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stderr: () => string;
  readonly exited: Promise<[number | null, NodeJS.Signals | null]>;
}

/**
 * `lsim serve --port 0 EXTRA...` as users run it, the built CLI in a child process on `home`; resolves
 * once it prints the address it bound (on stderr), rejects if it exits first or says nothing in 30 s.
 */
export async function serveChild(home: string, ...extra: string[]): Promise<Served> {
  const child = spawn(process.execPath, [join(REPO, 'bin/lsim.js'), 'serve', '--port', '0', ...extra], {
    env: childEnv(home),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lsim serve did not print its address:\n${stderr}`)), 30_000);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(stderr);
      if (match?.[1] !== undefined && match[2] !== '0') {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(([code]) => reject(new Error(`lsim serve exited (${code}) before listening:\n${stderr}`)));
  });
  return { child, url, stderr: () => stderr, exited };
}
