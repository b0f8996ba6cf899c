import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forwardDropMatch } from '../../src/host/bridge-isolation.js';
import { engineEnv } from './test-engine.js';

function succeeds(command: string, args: readonly string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The IPv4 addresses (CIDR) of an interface, or undefined when it does not exist. */
function bridgeAddresses(name: string): string[] | undefined {
  if (!succeeds('ip', ['link', 'show', name])) return undefined;
  const shown = execFileSync('ip', ['-4', '-o', 'addr', 'show', 'dev', name], { encoding: 'utf8' });
  return [...shown.matchAll(/ inet (\S+)/g)].map((match) => match[1] ?? '').filter((address) => address !== '');
}

/**
 * A second, empty dockerd on this machine, started by the test: its own data root, exec root, pidfile
 * and unix socket, its own bridge, `--iptables=false` and an address pool of its own, as CONTRIBUTING.md
 * ("Running things") starts CI's empty engine. Never `--bridge none`: that deletes the first engine's
 * docker0. `kill` is SIGKILL (an engine that stops answering), `restart` brings it back on the same roots.
 */
export class SecondEngine {
  readonly url: string;
  private process: ChildProcess | undefined;
  private stopped: string[] | undefined;

  private constructor(
    readonly dir: string,
    readonly bridge: string,
    private readonly octet: number,
  ) {
    this.url = `unix://${join(dir, 'sock')}`;
  }

  static async start(): Promise<SecondEngine> {
    const dir = mkdtempSync(join(tmpdir(), 'lsim-engine2-'));
    // A /24 for the bridge and a /16 pool in 10.0.0.0/8, picked so that parallel runs rarely collide.
    const octet = 200 + Math.floor(Math.random() * 50);
    const bridge = `lsimpool${octet}`;
    execFileSync('ip', ['link', 'add', bridge, 'type', 'bridge']);
    execFileSync('ip', ['addr', 'add', `10.${octet}.255.1/24`, 'dev', bridge]);
    execFileSync('ip', ['link', 'set', bridge, 'up']);
    const engine = new SecondEngine(dir, bridge, octet);
    await engine.launch();
    return engine;
  }

  /** `docker ARGS` on this engine; the output's non-empty lines. */
  docker(args: readonly string[], input?: Buffer): string[] {
    const output = execFileSync('docker', args, {
      encoding: 'utf8',
      env: { ...process.env, DOCKER_HOST: this.url },
      ...(input === undefined ? { stdio: ['ignore', 'pipe', 'pipe'] } : { input }),
      maxBuffer: 64 * 1024 * 1024,
    });
    return output
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
  }

  /** An image of the first engine (the one the tests drive), copied here: `docker save | docker load`. */
  async copyImage(tag: string): Promise<void> {
    const save = spawn('docker', ['save', tag], { env: { ...process.env, ...engineEnv() }, stdio: ['ignore', 'pipe', 'inherit'] });
    const load = spawn('docker', ['load', '-q'], { env: { ...process.env, DOCKER_HOST: this.url }, stdio: ['pipe', 'ignore', 'inherit'] });
    save.stdout.pipe(load.stdin);
    const [[saved], [loaded]] = (await Promise.all([once(save, 'exit'), once(load, 'exit')])) as [[number | null], [number | null]];
    if (saved !== 0 || loaded !== 0) throw new Error(`copying ${tag} to ${this.url} failed (save ${saved}, load ${loaded})`);
  }

  /** SIGKILL: the engine stops answering at once; its containers' shims and mounts stay behind until `restart`. */
  kill(): void {
    const pid = Number(readFileSync(join(this.dir, 'pid'), 'utf8').trim());
    process.kill(pid, 'SIGKILL');
  }

  /** The engine again on the same roots: it ends the containers it finds running (no live-restore). */
  async restart(): Promise<void> {
    // A dockerd restarted with --bridge on the roots of one that was SIGKILLed deletes this machine's docker0,
    // the default bridge of the engine the tests drive (seen with Debian's docker.io 20.10: every later container
    // on that engine's default network fails "could not find bridge docker0"). Put it back as it was.
    const docker0 = bridgeAddresses('docker0');
    await this.launch();
    if (docker0 !== undefined && !SecondEngine.interfaceExists('docker0')) {
      execFileSync('ip', ['link', 'add', 'docker0', 'type', 'bridge']);
      for (const address of docker0) execFileSync('ip', ['addr', 'add', address, 'dev', 'docker0']);
      execFileSync('ip', ['link', 'set', 'docker0', 'up']);
    }
  }

  /**
   * Stops the engine (SIGTERM, waited for), unmounts whatever is still mounted under its roots, deletes
   * its bridges and its folder. Returns the mounts that were left under the folder before the unmount.
   */
  async stop(): Promise<string[]> {
    if (this.stopped !== undefined) return this.stopped;
    this.stopped = [];
    const child = this.process;
    // The networks lsim made here go first: their bridges are interfaces of this machine.
    if (child?.exitCode === null && child.signalCode === null) {
      for (const id of this.networks()) {
        this.docker(['network', 'rm', id]);
        // lsim's own isolation rule for a bridge of an --iptables=false engine (src/host/bridge-isolation.ts).
        const rule = ['FORWARD', ...forwardDropMatch(`br-${id.slice(0, 12)}`)];
        while (succeeds('iptables', ['-C', ...rule])) execFileSync('iptables', ['-D', ...rule], { stdio: 'ignore' });
      }
    }
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    const left = this.mounts();
    for (const target of [...left].reverse()) execFileSync('umount', ['-l', target], { stdio: 'ignore' });
    execFileSync('ip', ['link', 'del', this.bridge], { stdio: 'ignore' });
    rmSync(this.dir, { recursive: true, force: true });
    this.stopped = left;
    return left;
  }

  /** Ids of the networks lsim created on this engine. */
  networks(): string[] {
    return this.docker(['network', 'ls', '-q', '--no-trunc', '--filter', 'label=dev.lsim.managed=true']);
  }

  /** Mount points under the engine's folder, outermost first. */
  mounts(): string[] {
    const all = execFileSync('findmnt', ['-rn', '-o', 'TARGET'], { encoding: 'utf8' }).split('\n');
    return all.filter((target) => target.startsWith(`${this.dir}/`)).sort((a, b) => a.length - b.length);
  }

  /** Whether an interface of that name exists on this machine. */
  static interfaceExists(name: string): boolean {
    return succeeds('ip', ['link', 'show', name]);
  }

  private async launch(): Promise<void> {
    const { dir } = this;
    const log = openSync(join(dir, 'log'), 'a');
    const child = spawn(
      'dockerd',
      [
        '--data-root',
        join(dir, 'data'),
        '--exec-root',
        join(dir, 'exec'),
        '--pidfile',
        join(dir, 'pid'),
        '--host',
        this.url,
        '--bridge',
        this.bridge,
        '--iptables=false',
        '--ip6tables=false',
        '--default-address-pool',
        `base=10.${this.octet}.0.0/17,size=24`,
      ],
      { stdio: ['ignore', log, log], detached: false },
    );
    this.process = child;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`the second dockerd exited (${child.exitCode}):\n${readFileSync(join(dir, 'log'), 'utf8')}`);
      try {
        this.docker(['version', '--format', '{{.Server.Version}}']);
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`the second dockerd did not answer in 60 s:\n${readFileSync(join(dir, 'log'), 'utf8')}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }
}
