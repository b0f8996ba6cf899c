import { describe, expect, it } from 'vitest';
import type { ContainerEngine } from '../engine/container-engine.js';
import { engineFake } from '../../test/helpers/engine-fake.js';
import { imageInventory } from './image-inventory.js';

/** Only what the inventory asks: sizes of the images the engine "has". */
function engineWith(sizes: Readonly<Record<string, number>>): ContainerEngine {
  return engineFake(
    {
      imageExists: async (tag) => Object.hasOwn(sizes, tag),
      imageSize: async (tag) => sizes[tag],
    },
    'the inventory',
  );
}

describe('imageInventory', () => {
  it("states each runtime id's interpreter, source, glibc and what the engine has", async () => {
    const rows = await imageInventory(
      engineWith({ 'lsim/ruby:34': 200e6 }),
      async (runtime) => (runtime === 'ruby3.4' ? 'lsim/ruby:34' : 'lsim/java:8'),
      ['ruby3.4', 'java8.al2'],
    );
    expect(rows).toEqual([
      {
        runtime: 'ruby3.4',
        family: 'ruby',
        interpreter: { command: 'ruby', version: '3.4', exact: true, source: 'Debian experimental ruby3.4' },
        suite: 'experimental',
        glibc: '2.43',
        lambdaGlibc: '2.34',
        tag: 'lsim/ruby:34',
        built: true,
        sizeBytes: 200e6,
        sdks: { 'aws-sdk-core': 'Debian experimental' },
      },
      expect.objectContaining({
        runtime: 'java8.al2',
        interpreter: expect.objectContaining({ version: '11', exact: false }),
        glibc: '2.31',
        lambdaGlibc: '2.26',
        built: false,
        sizeBytes: undefined,
      }),
    ]);
  });
});
