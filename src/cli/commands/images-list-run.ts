import type { CliContext } from '../context.js';
import type { ArgReader } from '../arg-reader.js';
import { DockerEngine } from '../../engine/docker-engine.js';
import { ImageBuilder } from '../../images/image-builder.js';
import { imageInventory, type ImageInventoryRow } from '../../images/image-inventory.js';
import { defaultImagesDir } from '../../images/images-dir.js';
import { join } from 'node:path';
import type { RuntimeId } from '../../runtimes/runtime-catalogue.js';
import { CommandOutcome } from '../command-definition.js';
import type { UserImage } from '../../common/config.js';
import { userImageFor } from '../../runtimes/aws-base-image.js';

/** A row of the list: the runtime id's own image, and the image an invoke of it runs on now. */
export interface ListedImage extends ImageInventoryRow {
  /** undefined: lsim's own (`tag`); otherwise LSIM_IMAGE_<FAMILY>'s or AWS's base image. */
  readonly runs: UserImage | undefined;
}

/** The body of `lsim images list`: every runtime id's image, from the descriptors and the engine. */
export async function runImagesList(args: ArgReader, ctx: CliContext, runtimes: readonly RuntimeId[]): Promise<unknown> {
  const engine = new DockerEngine(ctx.config);
  await engine.ping();
  const builder = new ImageBuilder(engine, { imagesDir: defaultImagesDir(), workDir: join(ctx.config.home, 'build') });
  const inventory = await imageInventory(engine, (runtime) => builder.tagFor(runtime), runtimes);
  const rows = inventory.map((row): ListedImage => ({ ...row, runs: userImageFor(ctx.config, row.runtime) }));
  if (args.rawString('output') === 'json') return new CommandOutcome({ json: { Images: rows.map(toJson) } });
  return new CommandOutcome({ text: formatTable(rows) });
}

function toJson(row: ListedImage): Record<string, unknown> {
  return {
    Runtime: row.runtime,
    Family: row.family,
    Interpreter: row.interpreter === null ? null : `${row.interpreter.command} ${row.interpreter.version}`,
    Source: row.interpreter?.source ?? `Debian ${row.suite} (sh, curl)`,
    Exact: row.interpreter?.exact ?? true,
    DebianSuite: row.suite,
    Glibc: row.glibc,
    LambdaGlibc: row.lambdaGlibc,
    Tag: row.tag,
    Built: row.built,
    SizeBytes: row.sizeBytes ?? null,
    Sdks: row.sdks,
    Runs: { Source: row.runs?.source ?? 'lsim', Image: row.runs?.ref ?? row.tag },
  };
}

/** Which image an invoke runs: `lsim` (the row's own), `aws <ref>`, or the variable that named a user image. */
function runsCell(row: ListedImage): string {
  if (row.runs === undefined) return 'lsim';
  const origin = row.runs.source === 'aws' ? 'aws' : `LSIM_IMAGE_${row.family.toUpperCase()}`;
  return `${origin} ${row.runs.ref}`;
}

const megabytes = (bytes: number | undefined): string => (bytes === undefined ? '-' : `${Math.round(bytes / 1e6)} MB`);

/** A plain, aligned table for people; `--output json` is the stable schema. */
export function formatTable(rows: readonly ListedImage[]): string {
  const header = ['RUNTIME', 'INTERPRETER', 'SOURCE', 'EXACT', 'GLIBC (LAMBDA)', 'SIZE', 'BUILT', 'RUNS', 'SDKS'];
  const lines = rows.map((row) => [
    row.runtime,
    row.interpreter === null ? 'bootstrap' : `${row.interpreter.command} ${row.interpreter.version}`,
    row.interpreter?.source ?? `Debian ${row.suite} (sh, curl)`,
    row.interpreter === null ? 'n/a' : row.interpreter.exact ? 'exact' : 'nearest',
    `${row.glibc} (${row.lambdaGlibc})`,
    megabytes(row.sizeBytes),
    row.built ? 'yes' : 'no',
    runsCell(row),
    Object.entries(row.sdks)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ') || '-',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)));
  const render = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[header, ...lines].map(render).join('\n')}\n`;
}
