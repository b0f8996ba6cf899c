import { readHostPeakMemory } from './host-cgroup-memory.js';
import { PassThrough, Readable, type Duplex, type Writable } from 'node:stream';
import type Dockerode from 'dockerode';
import type { ContainerExit, ContainerHandle, PathStat } from './container-engine.js';
import { engineStatusCode, toLsimError } from './docker-errors.js';
import { peakMemoryFromStats } from './memory-stats.js';

/** Engine answers that mean "already in the state you asked for": not found (removed), not running (kill). */
const GONE = 404;
const CONFLICT = 409;

export class DockerContainer implements ContainerHandle {
  readonly id: string;

  constructor(
    private readonly docker: Dockerode,
    private readonly container: Dockerode.Container,
    private readonly where: string,
    /** The engine runs on this kernel, so its containers' cgroup files are here (engine/strategies.ts hostFeatures). */
    private readonly hostCgroups = false,
  ) {
    this.id = container.id;
  }

  private fail(operation: string, error: unknown): never {
    throw toLsimError(error, `${operation} container ${this.id.slice(0, 12)}`, this.where);
  }

  async start(): Promise<void> {
    try {
      await this.container.start();
    } catch (error) {
      this.fail('start', error);
    }
  }

  async attachOutput(): Promise<{ stdout: Readable; stderr: Readable }> {
    let stream: NodeJS.ReadableStream;
    try {
      // logs: true replays what was written before the attach, so attaching after start loses nothing.
      stream = await this.container.attach({ stream: true, stdout: true, stderr: true, logs: true });
    } catch (error) {
      this.fail('attach to', error);
    }
    return this.demux(stream);
  }

  /** The engine's multiplexed stdout and stderr (no TTY) as two streams that end, or fail, with the connection. */
  private demux(stream: NodeJS.ReadableStream): { stdout: Readable; stderr: Readable } {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    this.docker.modem.demuxStream(stream, stdout, stderr);
    const finish = (): void => {
      stdout.end();
      stderr.end();
    };
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', (error: Error) => {
      stdout.destroy(error);
      stderr.destroy(error);
    });
    return { stdout, stderr };
  }

  async attachStdio(): Promise<{ stdin: Writable; stdout: Readable; stderr: Readable }> {
    let stream: NodeJS.ReadWriteStream;
    try {
      // Hijacked: the one connection carries stdin up and the multiplexed stdout and stderr down. Before
      // start, so nothing the process writes first is lost.
      stream = (await this.container.attach({
        stream: true,
        stdin: true,
        stdout: true,
        stderr: true,
        hijack: true,
      })) as NodeJS.ReadWriteStream;
    } catch (error) {
      this.fail('attach to', error);
    }
    const duplex = stream as unknown as Duplex;
    return { stdin: duplex, ...this.demux(duplex) };
  }

  async networkAddress(network: string): Promise<string | undefined> {
    try {
      const info = await this.container.inspect();
      const address = info.NetworkSettings.Networks[network]?.IPAddress;
      return address === undefined || address === '' ? undefined : address;
    } catch (error) {
      this.fail('inspect', error);
    }
  }

  async updateMemory(bytes: number): Promise<void> {
    try {
      await this.container.update({ Memory: bytes, MemorySwap: bytes });
    } catch (error) {
      this.fail('update', error);
    }
  }

  async wait(): Promise<ContainerExit> {
    try {
      // 'not-running' returns at once for a created container; callers may wait before start.
      const before = await this.container.inspect();
      const condition = before.State.Status === 'created' ? 'next-exit' : 'not-running';
      const result: unknown = await this.container.wait({ condition });
      const after = await this.container.inspect();
      return { exitCode: exitCodeOf(result, after.State.ExitCode), oomKilled: after.State.OOMKilled };
    } catch (error) {
      this.fail('wait for', error);
    }
  }

  /**
   * One stats sample. `one-shot` (API 1.41+) skips the second CPU sample we do not use; the answer
   * still waits for the engine's next collector tick (up to a second on Docker 20.10).
   */
  async peakMemoryBytes(): Promise<number | undefined> {
    const fromHost = this.hostCgroups ? await readHostPeakMemory(this.id) : undefined;
    if (fromHost !== undefined) return fromHost;
    try {
      const stats: unknown = await this.container.stats({ stream: false, 'one-shot': true } as { stream: false });
      return peakMemoryFromStats(stats);
    } catch (error) {
      if (engineStatusCode(error) === GONE) return undefined;
      this.fail('read stats of', error);
    }
  }

  /**
   * The engine's stats collector ticks once a second; a single-sample request waits for the next
   * tick (~1 s here, `one-shot` included), so polling is slow and costs a request per sample. One
   * streaming request gets every tick for the price of one connection.
   */
  watchMemory(onSample: (peakBytes: number) => void): () => void {
    let stream: Readable | undefined;
    let stopped = false;
    const parser = new StatsLineParser((stats) => {
      const peak = peakMemoryFromStats(stats);
      if (peak !== undefined) onSample(peak);
    });
    this.container.stats({ stream: true }).then(
      (opened: unknown) => {
        stream = opened as Readable;
        if (stopped) {
          stream.destroy();
          return;
        }
        stream.on('data', (chunk: Buffer | string) => parser.push(chunk.toString()));
        stream.on('error', () => undefined);
      },
      () => undefined,
    );
    return () => {
      stopped = true;
      stream?.destroy();
    };
  }

  async putArchive(tar: Readable | Buffer, path: string): Promise<void> {
    try {
      await this.container.putArchive(tar, { path });
    } catch (error) {
      this.fail(`copy an archive to ${path} in`, error);
    }
  }

  async statPath(path: string): Promise<PathStat | undefined> {
    let answer: unknown;
    try {
      answer = await this.container.infoArchive({ path });
    } catch (error) {
      if (engineStatusCode(error) === GONE) return undefined;
      this.fail(`stat ${path} in`, error);
    }
    // The answer is the (empty) response stream: drain it so the connection is freed.
    if (answer instanceof Readable) answer.resume();
    return pathStatFromHeaders(answer);
  }

  async kill(signal = 'SIGKILL'): Promise<void> {
    try {
      await this.container.kill({ signal });
    } catch (error) {
      const status = engineStatusCode(error);
      if (status === GONE || status === CONFLICT) return;
      this.fail('kill', error);
    }
  }

  async remove(): Promise<void> {
    await removeContainer(this.container, this.where);
  }
}

/** Newline-delimited JSON, as the streaming stats endpoint sends it; unparsable lines are skipped. */
export class StatsLineParser {
  private pending = '';

  constructor(private readonly onStats: (stats: unknown) => void) {}

  push(text: string): void {
    this.pending += text;
    for (let newline = this.pending.indexOf('\n'); newline >= 0; newline = this.pending.indexOf('\n')) {
      const line = this.pending.slice(0, newline).trim();
      this.pending = this.pending.slice(newline + 1);
      if (line === '') continue;
      let stats: unknown;
      try {
        stats = JSON.parse(line);
      } catch {
        continue;
      }
      this.onStats(stats);
    }
  }
}

/** The engine answers a HEAD on the archive endpoint with the stat as base64 JSON in a header. */
export function pathStatFromHeaders(answer: unknown): PathStat | undefined {
  const headers = typeof answer === 'object' && answer !== null && 'headers' in answer ? (answer as { headers: unknown }).headers : answer;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const raw = (headers as Record<string, unknown>)['x-docker-container-path-stat'];
  if (typeof raw !== 'string') return undefined;
  const parsed = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as Partial<PathStat>;
  return {
    name: String(parsed.name ?? ''),
    size: Number(parsed.size ?? 0),
    mode: Number(parsed.mode ?? 0),
    linkTarget: String(parsed.linkTarget ?? ''),
  };
}

function exitCodeOf(waitResult: unknown, fallback: number): number {
  if (typeof waitResult === 'object' && waitResult !== null && 'StatusCode' in waitResult) {
    const code = waitResult.StatusCode;
    if (typeof code === 'number') return code;
  }
  return fallback;
}

/** Force-remove (with anonymous volumes); a container already gone or being removed is success. */
export async function removeContainer(container: Dockerode.Container, where: string): Promise<void> {
  try {
    await container.remove({ force: true, v: true });
  } catch (error) {
    const status = engineStatusCode(error);
    if (status === GONE) return;
    // "removal of container … is already in progress"
    if (status === CONFLICT && /already in progress/i.test(String(error))) return;
    throw toLsimError(error, `remove container ${container.id.slice(0, 12)}`, where);
  }
}
