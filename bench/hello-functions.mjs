// The hello function of each family the bench invokes, and the bare command that starts the same
// image's interpreter (the `docker run --rm` baseline). Java's handler is compiled by javac in lsim's
// own java image (Debian's JDK), as test/helpers/javac.ts does, so the bench needs Docker only.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HELLO = {
  python: {
    handler: 'hello.handler',
    files: { 'hello.py': 'def handler(event, context):\n    return {"ok": True}\n' },
    bare: ['python3', '-c', '0'],
  },
  nodejs: {
    handler: 'hello.handler',
    files: { 'hello.mjs': 'export const handler = async () => ({ ok: true });\n' },
    bare: ['/var/lang/bin/node', '-e', '0'],
  },
  ruby: {
    handler: 'hello.handler',
    files: { 'hello.rb': 'def handler(event:, context:)\n  { ok: true }\nend\n' },
    bare: ['/var/lang/bin/ruby', '-e', '0'],
  },
  provided: {
    handler: 'hello',
    files: {
      bootstrap:
        '#!/bin/sh\nset -eu\napi="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation"\n' +
        'while true; do\n  id=$(curl -sSi "$api/next" | tr -d "\\r" | sed -n "s/^[Ll]ambda-[Rr]untime-[Aa]ws-[Rr]equest-[Ii]d: //p")\n' +
        '  curl -sS -o /dev/null -d \'{"ok":true}\' "$api/$id/response"\ndone\n',
    },
    bare: ['/bin/sh', '-c', ':'],
  },
  java: {
    handler: 'example.Hello::handleRequest',
    compile: 'test/fixtures/java/src/code',
    // The JVM's own start, as the runtime's: `java -version` loads no class of the function.
    bare: ['java', '-Xshare:auto', '-version'],
  },
};

const root = fileURLToPath(new URL('..', import.meta.url));

/** Writes the family's hello function under `dir` (compiling java's with `image`'s javac); returns `dir`. */
export function writeHello(family, dir, image, env = {}) {
  const hello = HELLO[family];
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(hello.files ?? {})) {
    writeFileSync(join(dir, name), text);
    if (name === 'bootstrap') chmodSync(join(dir, name), 0o755);
  }
  if (hello.compile !== undefined) {
    const src = join(root, hello.compile);
    const args = ['run', '--rm', '--network', 'none', '-u', `${process.getuid()}:${process.getgid()}`];
    args.push('-v', `${src}:/src:ro`, '-v', `${dir}:/out`, '--entrypoint', '/usr/bin/javac', image);
    args.push('--release', '11', '-nowarn', '-d', '/out', '/src/example/Hello.java');
    const result = spawnSync('docker', args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    if (result.status !== 0) throw new Error(`javac failed: ${result.stderr}`);
  }
  return dir;
}
