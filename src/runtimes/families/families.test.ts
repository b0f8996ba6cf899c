import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAMILIES } from './index.js';
import { NODEJS } from './nodejs.js';

const imagesFile = (path: string): string => readFileSync(new URL(`../../../images/${path}`, import.meta.url), 'utf8');

describe('family descriptors', () => {
  it.each(FAMILIES.map((family) => [family.family, family] as const))(
    '%s: its bootstrap computes the paths the descriptor states',
    (_name, family) => {
      if (family.bootstrapPaths === null) return;
      const text = imagesFile(family.bootstrapPaths.file);
      for (const template of family.bootstrapPaths.templates) expect(text).toContain(template);
    },
  );

  it.each(FAMILIES.map((family) => [family.family, family] as const))('%s: has an image folder with a Dockerfile', (_name, family) => {
    expect(imagesFile(`${family.imageFolder}/Dockerfile`)).toMatch(/^ARG BASE$/m);
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
