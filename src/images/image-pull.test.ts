import { describe, expect, it } from 'vitest';
import { LsimError } from '../common/errors.js';
import type { BuildProgress, ContainerEngine } from '../engine/container-engine.js';
import { engineFake } from '../../test/helpers/engine-fake.js';
import type { ImageBuildEvent } from './image-build-event.js';
import { ImagePuller } from './image-pull.js';

/** An engine that has `present` images and pulls with `pull`. */
function engine(present: Set<string>, pull: (ref: string, onProgress?: (p: BuildProgress) => void) => Promise<void>): ContainerEngine {
  return engineFake({ imageExists: (tag: string) => Promise.resolve(present.has(tag)), pullImage: pull }, 'ImagePuller');
}

describe('ImagePuller', () => {
  it('uses an image the engine has, and pulls a missing one once for concurrent callers, with progress', async () => {
    const pulls: string[] = [];
    const present = new Set(['have:1']);
    const events: ImageBuildEvent[] = [];
    const puller = new ImagePuller(
      engine(present, async (ref, onProgress) => {
        pulls.push(ref);
        onProgress?.({ line: 'abc: Pull complete' });
        await Promise.resolve();
        present.add(ref);
      }),
      (event) => events.push(event),
    );
    expect(await puller.ensure({ ref: 'have:1', source: 'aws' }, 'python')).toBe('have:1');
    const image = { ref: 'reg/lambda/python:3.12', source: 'aws' } as const;
    expect(await Promise.all([puller.ensure(image, 'python'), puller.ensure(image, 'python')])).toEqual([image.ref, image.ref]);
    expect(pulls).toEqual([image.ref]);
    expect(events.map((event) => event.type)).toEqual(['pull-start', 'pull-output', 'pulled']);
  });

  it('adds the way back to lsim images to a pull fault, and passes other errors through', async () => {
    const fault = new LsimError('EnvironmentFault', 'The Docker engine could not pull the image x:1: manifest unknown.');
    const puller = new ImagePuller(engine(new Set(), () => Promise.reject(fault)));
    await expect(puller.ensure({ ref: 'x:1', source: 'env' }, 'ruby')).rejects.toThrow(
      "The Docker engine could not pull the image x:1: manifest unknown. Unset LSIM_IMAGE_RUBY to run lsim's own image.",
    );
    const down = new LsimError('EngineUnavailable', 'Cannot connect to the Docker engine');
    await expect(new ImagePuller(engine(new Set(), () => Promise.reject(down))).ensure({ ref: 'x:1', source: 'aws' }, 'ruby')).rejects.toBe(
      down,
    );
  });
});
