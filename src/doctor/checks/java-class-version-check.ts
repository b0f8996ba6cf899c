import { promisify } from 'node:util';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { nextEntry } from '../../archive/next-entry.js';
import { SUPPORTED_RUNTIMES, runtimeInfo, type JavaRuntimeInfo } from '../../runtimes/runtime-catalogue.js';
import { listed, type Finding } from '../finding.js';
import type { SandboxNode, SandboxView } from '../tree/sandbox-view.js';
import type { Check } from './check-context.js';

/** Class file major versions are the Java major plus 44 (JVMS 4.1, https://docs.oracle.com/javase/specs/jvms/se21/html/jvms-4.html#jvms-4.1). */
const MAJOR_OFFSET = 44;
const MAGIC = 0xcafebabe;
/** A jar larger than this is left unread: the doctor reads a jar whole to list its classes. */
const MAX_JAR_BYTES = 256 * 1024 * 1024;

export interface ClassVersion {
  readonly major: number;
  readonly minor: number;
}

/** The version in a class file's first 8 bytes, or undefined when they are not a class file's. */
export function classVersion(head: Buffer): ClassVersion | undefined {
  if (head.length < 8 || head.readUInt32BE(0) !== MAGIC) return undefined;
  return { minor: head.readUInt16BE(4), major: head.readUInt16BE(6) };
}

/**
 * Entries a Java runtime can load from a jar on the class path: not module descriptors (never loaded
 * from the class path) and not a multi-release jar's META-INF/versions/N/ (read only by Java N and later,
 * where they replace a base entry compiled for the older Java).
 */
const isLoadableClass = (name: string): boolean =>
  name.endsWith('.class') && !name.startsWith('META-INF/') && !/(^|\/)module-info\.class$/.test(name);

interface TooNew {
  /** The sandbox path, or `jar!/entry` for a class inside a jar. */
  readonly where: string;
  /** `example/Hello`, as the JVM names it in UnsupportedClassVersionError. */
  readonly internalName: string;
  readonly version: ClassVersion;
}

/** Where the Java runtime's class loader looks (path bug 10): the task root folder, and the jars directly in its lib/ and in /opt/java/lib. */
function classPath(view: SandboxView): { classes: SandboxNode[]; jars: SandboxNode[] } {
  const files = view.all().filter((node) => node.entry.type === 'file');
  return {
    classes: files.filter((node) => node.path.startsWith('/var/task/') && node.path.endsWith('.class')),
    jars: files.filter((node) => /^\/(var\/task|opt\/java)\/lib\/[^/]+\.jar$/.test(node.path)),
  };
}

/**
 * Path bug 4's Java half: classes compiled for a newer Java than the runtime id's. The JVM refuses them
 * with java.lang.UnsupportedClassVersionError as it loads them (on java8.al2 lsim's class loader does,
 * docs/deviations.md#java8al2), so a handler compiled with `--release 17` fails on java11.
 */
export const javaClassVersionCheck: Check = ({ info, view }) => (info.family === 'java' ? javaClassVersionFindings(view, info) : []);

async function javaClassVersionFindings(view: SandboxView, info: JavaRuntimeInfo): Promise<Finding[]> {
  const ceiling = info.javaMajor + MAJOR_OFFSET;
  const { classes, jars } = classPath(view);
  const tooNew: TooNew[] = [];
  for (const node of classes) {
    const version = classVersion(await node.source.read(node.entry.path, 0, 8));
    if (version !== undefined && version.major > ceiling) {
      tooNew.push({ where: node.path, internalName: node.path.slice('/var/task/'.length, -'.class'.length), version });
    }
  }
  for (const node of jars) {
    if (node.entry.size > MAX_JAR_BYTES) continue;
    const bytes = await node.source.read(node.entry.path, 0, node.entry.size);
    for (const { name, version } of await jarClassVersions(bytes).catch(() => [])) {
      if (version.major > ceiling) tooNew.push({ where: `${node.path}!/${name}`, internalName: name.slice(0, -'.class'.length), version });
    }
  }
  const first = tooNew[0];
  if (first === undefined) return [];
  const newest = Math.max(...tooNew.map((t) => t.version.major));
  const javaNeeded = javaOfClassMajor(newest);
  return [
    {
      severity: 'error',
      code: 'java-class-version-too-new',
      message:
        `${listed(tooNew.map((t) => t.where))} ${tooNew.length === 1 ? 'is' : 'are'} compiled for Java ${javaNeeded} ` +
        `(class file version ${newest}.0), but ${info.id} runs Java ${info.javaMajor}: loading ${tooNew.length === 1 ? 'it' : 'them'} fails with ` +
        `java.lang.UnsupportedClassVersionError "${first.internalName} has been compiled by a more recent version of the Java Runtime ` +
        `(class file version ${first.version.major}.${first.version.minor}), this version of the Java Runtime only recognizes class file versions up to ${ceiling}.0".`,
      fix: javaReleaseFix(info, javaNeeded),
      paths: [...new Set(tooNew.map((t) => t.where.split('!/')[0] ?? t.where))],
    },
  ];
}

/** Compile for the runtime id's Java, or move to the first runtime id whose Java loads the classes. */
export function javaReleaseFix(info: JavaRuntimeInfo, javaNeeded: number): string {
  const newer = SUPPORTED_RUNTIMES.map(runtimeInfo).find((other) => other.family === 'java' && other.javaMajor >= javaNeeded);
  return (
    `Compile for Java ${info.javaMajor} (\`javac --release ${info.javaMajor}\`; Maven <maven.compiler.release>${info.javaMajor}</maven.compiler.release>; ` +
    `Gradle options.release = ${info.javaMajor})` +
    (newer === undefined ? '.' : `, or run the function on ${newer.id}.`)
  );
}

/** Java's major from a class file major version. */
export const javaOfClassMajor = (major: number): number => major - MAJOR_OFFSET;

const fromBuffer = promisify<Buffer, yauzl.Options, ZipFile>(yauzl.fromBuffer);

/** Each loadable class of a jar with its version, from the first 8 bytes of each entry. */
async function jarClassVersions(jar: Buffer): Promise<{ name: string; version: ClassVersion }[]> {
  const zip = await fromBuffer(jar, { lazyEntries: true, autoClose: false });
  const found: { name: string; version: ClassVersion }[] = [];
  try {
    for (let entry = await nextEntry(zip); entry !== undefined; entry = await nextEntry(zip)) {
      if (!isLoadableClass(entry.fileName)) continue;
      const version = classVersion(await entryHead(zip, entry, 8));
      if (version !== undefined) found.push({ name: entry.fileName, version });
    }
  } finally {
    zip.close();
  }
  return found;
}

/** Up to `length` bytes from the start of an entry, inflating no more than that needs. */
async function entryHead(zip: ZipFile, entry: Entry, length: number): Promise<Buffer> {
  const stream = await promisify(zip.openReadStream.bind(zip))(entry);
  const chunks: Buffer[] = [];
  let have = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      have += chunk.length;
      if (have >= length) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, length);
}
