import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RUNTIME_DIR, TASK_ROOT } from '../default-paths.js';
import { FAMILIES } from './index.js';
import { NODEJS } from './nodejs.js';

const IMAGES = fileURLToPath(new URL('../../../images/', import.meta.url));

const imagesFile = (path: string): string => readFileSync(join(IMAGES, path), 'utf8');

/** Every file of a family's image folder, as text: the bootstrap and the runtime it starts. */
function familyTexts(folder: string): { path: string; text: string }[] {
  return readdirSync(join(IMAGES, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path: path.slice(IMAGES.length), text: readFileSync(path, 'utf8') };
    });
}

// A path under /opt or /var/task as the bootstraps write them: shell `${name}` and Python `{}` stand
// for the runtime id's version.
const SANDBOX_PATH = /\/(?:opt|var\/task)(?:\$\{\w+\}|\{\}|[\w.*/-])*/g;

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A template's entries (NODE_PATH is a colon list, the provided lookup a space list) as patterns. */
function templatePatterns(templates: readonly string[]): RegExp[] {
  return templates
    .flatMap((template) => template.replaceAll('"', '').split(/[: ]/))
    .map((entry) => new RegExp(`^${escape(entry).replace(/\\\$\\\{\w+\\\}|\\\{\\\}/g, '[\\w.${}]+')}$`));
}

describe('family descriptors', () => {
  describe.each(FAMILIES.map((family) => [family.family, family] as const))('%s', (_name, family) => {
    const texts = familyTexts(family.imageFolder);

    it('its runtime computes each path the descriptor states', () => {
      const all = texts.map((t) => t.text).join('\n');
      for (const template of family.bootstrapPaths) expect(all).toContain(template);
    });

    it('its runtime names no path under /opt or /var/task that the descriptor does not state', () => {
      const patterns = templatePatterns(family.bootstrapPaths);
      const unstated = texts.flatMap(({ path, text }) =>
        [...text.matchAll(SANDBOX_PATH)]
          .map((match) => match[0].replace(/[/.]+$/, ''))
          .filter((found) => found !== '/opt' && found !== TASK_ROOT && !patterns.some((pattern) => pattern.test(found)))
          .map((found) => `${path}: ${found}`),
      );
      expect(unstated).toEqual([]);
    });

    it('has an image folder with a Dockerfile', () => {
      expect(imagesFile(`${family.imageFolder}/Dockerfile`)).toMatch(/^ARG BASE$/m);
    });
  });

  it('catches a path a bootstrap names that its descriptor does not state', () => {
    const patterns = templatePatterns(['/opt/nodejs/node${node_major}/node_modules:/var/task']);
    expect(patterns.some((p) => p.test('/opt/nodejs/node${node_major}/node_modules'))).toBe(true);
    expect(patterns.some((p) => p.test('/opt/nodejs/node20/node_modules'))).toBe(true);
    expect(patterns.some((p) => p.test('/opt/node_modules'))).toBe(false);
    expect(patterns.some((p) => p.test('/var/task/lib'))).toBe(false);
    expect(`x ${RUNTIME_DIR} /opt/nodejs/lib`.match(SANDBOX_PATH)).toEqual(['/opt/nodejs/lib']);
  });

  it('gives each runtime id to exactly one family, of that family', () => {
    const ids = FAMILIES.flatMap((family) => family.runtimes.map((info) => info.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const family of FAMILIES) for (const info of family.runtimes) expect(info.family).toBe(family.family);
  });

  it('builds every exact interpreter from a recipe that names it', () => {
    for (const family of FAMILIES) {
      for (const { interpreter, image } of family.runtimes) {
        if (interpreter === null || interpreter.command === 'node') continue;
        expect(image.packages.join(' ')).toContain(interpreter.command === 'java' ? `openjdk-${interpreter.version}` : interpreter.version);
      }
    }
  });

  it('nodejs: the bootstrap turns require(esm) off on exactly the lines the descriptor says Lambda does', () => {
    const text = imagesFile('nodejs/runtime/bootstrap');
    const disabled = NODEJS.runtimes.filter((info) => info.requireEsm === 'disabled').map((info) => info.nodeMajor);
    expect(text).toContain(`  ${disabled.join(' | ')})\n    case " $NODE_OPTIONS " in\n      *' --experimental-require-module '*) ;;`);
  });
});
