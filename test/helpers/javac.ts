import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { LSIM_LABELS, type MountSpec } from '../../src/engine/container-engine.js';
import { ImageBuilder } from '../../src/images/image-builder.js';
import { defaultImagesDir } from '../../src/images/images-dir.js';
import type { LsimHome } from './lsim-home.js';
import { makeZip } from './make-zip.js';
import { engineStrategies } from '../../src/engine/strategies.js';

/** Where the image's own aws-lambda-java-core interfaces live (images/java/Dockerfile builds it). */
export const LAMBDA_CORE_JAR = '/var/runtime/lib/aws-lambda-java-core.jar';

export interface CompileJavaOptions {
  /** A folder on this machine: every `.java` file under it is compiled. */
  readonly sources: string;
  /** Jars or class folders on this machine; the image's aws-lambda-java-core.jar is always on the class path. */
  readonly classPath?: readonly string[];
  /** Where the `.class` files go (created when missing). */
  readonly outDir: string;
  /** javac's `--release` (default 8, what every java runtime id loads, java8.al2 included). */
  readonly release?: number;
}

const WORK = '/lsim-javac';

/**
 * `javac --release 8` (or `options.release`) run inside lsim's java21 image (Debian's OpenJDK 21 JDK), not the host's:
 * a CI machine needs Docker only. The folders are bind-mounted, so the engine must share this
 * machine's filesystem. The compiler runs as this process's uid, so the test can read and remove
 * what it writes. Rejects with javac's output when it fails.
 */
export async function compileJava(lsim: LsimHome, options: CompileJavaOptions): Promise<void> {
  const engine = lsim.executor.engine;
  if ((await engineStrategies(engine)).content !== 'host-mounts') {
    throw new Error('compileJava bind-mounts its folders: it needs an engine that shares this machine\u2019s filesystem.');
  }
  const image = await new ImageBuilder(engine, { imagesDir: defaultImagesDir(), workDir: join(lsim.home, 'build') }).ensureImage('java21');

  const sources = resolve(options.sources);
  const files = Object.keys(filesUnder(sources)).filter((path) => path.endsWith('.java'));
  if (files.length === 0) throw new Error(`compileJava: no .java file under ${sources}`);
  mkdirSync(options.outDir, { recursive: true });

  const classPath = (options.classPath ?? []).map((path, index) => ({ source: resolve(path), target: `${WORK}/cp/${index}` }));
  const mounts: MountSpec[] = [
    { type: 'bind', source: sources, target: `${WORK}/src`, readOnly: true },
    { type: 'bind', source: resolve(options.outDir), target: `${WORK}/out`, readOnly: false },
    ...classPath.map(({ source, target }) => ({ type: 'bind' as const, source, target, readOnly: true })),
  ];
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  const container = await engine.createContainer({
    image,
    // Debian's alternatives link to the image's own OpenJDK compiler (21 in the java21 image).
    entrypoint: ['/usr/bin/javac'],
    cmd: [
      '--release',
      String(options.release ?? 8),
      '-nowarn',
      '-encoding',
      'UTF-8',
      '-d',
      `${WORK}/out`,
      '-cp',
      [LAMBDA_CORE_JAR, ...classPath.map(({ target }) => target)].join(':'),
      ...files.map((path) => `${WORK}/src/${path.split(sep).join('/')}`),
    ],
    env: {},
    labels: { [LSIM_LABELS.managed]: 'true', [LSIM_LABELS.home]: lsim.home, [LSIM_LABELS.kind]: 'java-compiler' },
    mounts,
    user: `${uid}:${gid}`,
    networkMode: 'none',
  });
  try {
    const { stdout, stderr } = await container.attachOutput();
    const out = collect(stdout);
    const err = collect(stderr);
    await container.start();
    const { exitCode } = await container.wait();
    if (exitCode !== 0) {
      throw new Error(`javac exited with ${exitCode} compiling ${sources}:\n${await err}${await out}`);
    }
  } finally {
    await container.remove();
  }
}

function collect(stream: Readable): Promise<string> {
  let text = '';
  return new Promise((resolvePromise, reject) => {
    stream.pipe(
      new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          text += chunk.toString('utf8');
          done();
        },
      }),
    );
    stream.on('end', () => resolvePromise(text));
    stream.on('error', reject);
  });
}

/** Every file under `dir`, `prefix` + relative path → bytes: a jar's entries or a layer tree from javac output. */
export function filesUnder(dir: string, prefix = ''): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[prefix + relative(dir, path).split(sep).join('/')] = readFileSync(path);
    }
  };
  walk(dir);
  return out;
}

/** A jar (a zip; no manifest needed on a class path) of every file under `classesDir`. */
export function jarOf(classesDir: string): Buffer {
  return makeZip(Object.entries(filesUnder(classesDir)).map(([name, data]) => ({ name, data, mode: 0o644 })));
}
