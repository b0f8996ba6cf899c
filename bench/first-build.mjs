// The first-build figures of `npm run bench`: per family, lsim's first build of a runtime image on an
// empty engine (LSIM_BENCH_EMPTY_DOCKER_HOST, started as CONTRIBUTING's empty-engine recipe says) beside
// bare mmdebstrap + docker import of the same packages in the same run; the image's size beside its
// rootfs tarball's; a cold invoke beside a bare `docker run --rm` of the same image. Each family starts
// from nothing: the images it built are removed from that engine before the next one.
import { spawnSync } from 'node:child_process';
import { statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ImageBuilder } from '../dist/images/image-builder.js';
import { defaultImagesDir } from '../dist/images/images-dir.js';
import { mmdebstrapArgs } from '../dist/images/mmdebstrap.js';
import { DockerEngine } from '../dist/engine/docker-engine.js';
import { HELLO, writeHello } from './hello-functions.mjs';

/** One id per family: the newest suites, the slowest builds. */
const DEFAULT_RUNTIMES = ['provided.al2023', 'python3.14', 'nodejs22.x', 'ruby3.4', 'java25'];

function timed(cmd, args, env) {
  const started = performance.now();
  const result = spawnSync(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${result.stderr.toString().slice(-2000)}`);
  return { ms: performance.now() - started, stdout: result.stdout.toString() };
}

const lsimImages = (host) =>
  new Set(
    timed('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}'], { DOCKER_HOST: host })
      .stdout.split('\n')
      .filter((t) => t.startsWith('lsim')),
  );

export async function firstBuildFigures({ work, lsimBin, record, recordSize, median }) {
  const host = process.env.LSIM_BENCH_EMPTY_DOCKER_HOST;
  if (host === undefined || host === '') {
    console.error('  skipped: set LSIM_BENCH_EMPTY_DOCKER_HOST to an empty engine (CONTRIBUTING.md, "empty engine")');
    return;
  }
  const env = { DOCKER_HOST: host };
  const before = lsimImages(host);
  if (before.size > 0)
    throw new Error(`${host} already has lsim images (${[...before].slice(0, 3).join(', ')}...): first builds need an empty engine`);
  const uptime = () =>
    timed('uptime', [])
      .stdout.trim()
      .replace(/.*load/, 'load');
  const runtimes = (process.env.LSIM_BENCH_FIRST_BUILD ?? DEFAULT_RUNTIMES.join(' ')).split(/\s+/).filter(Boolean);
  const builder = new ImageBuilder(new DockerEngine({ dockerHost: host }), { imagesDir: defaultImagesDir(), workDir: join(work, 'plan') });
  for (const runtime of runtimes) {
    const plan = await builder.plan(runtime);
    console.error(`  ${runtime} (${plan.rootfs.inputs.suite}), ${uptime()}`);
    // Baseline: bare mmdebstrap (no cache, default temporary dir, dpkg's fsyncs) and docker import.
    const tar = join(work, `baseline-${runtime}.tar`);
    const bare = mmdebstrapArgs(plan.rootfs.inputs, tar).filter(
      (arg) => !/^--(dpkgopt|verbose|skip|setup-hook|essential-hook|customize-hook)/.test(arg),
    );
    const mm = timed('mmdebstrap', bare);
    const rootfsBytes = statSync(tar).size;
    const imported = timed('docker', ['import', tar, 'lsim-bench/rootfs:baseline'], env);
    rmSync(tar, { force: true });
    timed('docker', ['rmi', 'lsim-bench/rootfs:baseline'], env);
    const baselineMs = mm.ms + imported.ms;

    // From nothing by default: a fresh LSIM_HOME per family (cold .deb cache, no essential tarball).
    // LSIM_BENCH_FIRST_BUILD_HOME=shared: one for the run, as `lsim images build` of every runtime sees
    // it: the second family of a suite finds its essential tarball and the suite's .debs (docs/image-builds.md).
    const shared = process.env.LSIM_BENCH_FIRST_BUILD_HOME === 'shared';
    const home = join(work, shared ? 'first-build-shared' : `first-build-${runtime}`);
    const build = timed('node', [lsimBin, 'images', 'build', '--runtime', runtime], { ...env, LSIM_HOME: home });
    const tag = JSON.parse(build.stdout).Images[0].Tag;
    record(`first build ${runtime}`, build.ms, 'bare mmdebstrap + docker import', baselineMs, '<= 1.0x, <= 60 s');
    const imageBytes = Number(timed('docker', ['image', 'inspect', '--format', '{{.Size}}', tag], env).stdout.trim());
    recordSize(`image size ${runtime}`, imageBytes, 'its rootfs tarball', rootfsBytes, 'rootfs + runtime only');

    const hello = HELLO[plan.family];
    if (hello !== undefined) {
      const code = writeHello(plan.family, join(work, `hello-${runtime}`), tag, env);
      const invoke = ['invoke', '--runtime', runtime, '--handler', hello.handler, '--code', code, join(work, `out-${runtime}.json`)];
      timed('node', [lsimBin, ...invoke], { ...env, LSIM_HOME: home }); // warms the page cache
      const invokes = [];
      const bares = [];
      for (let i = 0; i < 5; i += 1) {
        invokes.push(timed('node', [lsimBin, ...invoke], { ...env, LSIM_HOME: home }).ms);
        bares.push(
          timed('docker', ['run', '--rm', '--network', 'none', '--entrypoint', hello.bare[0], tag, ...hello.bare.slice(1)], env).ms,
        );
      }
      record(`cold lsim invoke ${runtime}`, median(invokes), `docker run --rm ${hello.bare.join(' ')}`, median(bares), '<= 1.3x');
    }
    // The next family starts from nothing too.
    const built = [...lsimImages(host)].filter((t) => !before.has(t));
    if (built.length > 0) timed('docker', ['rmi', ...built], env);
  }
}
