import { wayBackToOwnImages, type UserImage } from '../common/config.js';
import { LsimError, isLsimError } from '../common/errors.js';
import type { ContainerEngine } from '../engine/container-engine.js';
import type { ImageBuildEvent } from './image-build-event.js';

/**
 * Images lsim does not build (a user's, AWS's base images) come from their registry, once: an image the
 * engine has is used as it is, as Lambda runs the image it was given and never re-pulls a tag per invoke.
 * Concurrent invokes of one image (lsim serve) share one pull.
 */
export class ImagePuller {
  private readonly pulls = new Map<string, Promise<string>>();

  constructor(
    private readonly engine: ContainerEngine,
    private readonly onProgress?: (event: ImageBuildEvent) => void,
  ) {}

  /** `image.ref`, on the engine; `family` names the setting to change when it cannot be had. */
  ensure(image: UserImage, family: string): Promise<string> {
    let pull = this.pulls.get(image.ref);
    if (pull === undefined) {
      pull = this.pull(image, family).finally(() => this.pulls.delete(image.ref));
      this.pulls.set(image.ref, pull);
    }
    return pull;
  }

  private async pull(image: UserImage, family: string): Promise<string> {
    const tag = image.ref;
    if (await this.engine.imageExists(tag)) return tag;
    const started = performance.now();
    this.onProgress?.({ type: 'pull-start', tag });
    try {
      await this.engine.pullImage(tag, ({ line }) => this.onProgress?.({ type: 'pull-output', tag, line }));
    } catch (error) {
      if (!isLsimError(error) || error.code !== 'EnvironmentFault') throw error;
      throw new LsimError(
        'EnvironmentFault',
        `${error.message.replace(/[.\s]+$/, '')}. ${capitalise(wayBackToOwnImages(image, family))}.`,
        { cause: error },
      );
    }
    this.onProgress?.({ type: 'pulled', tag, durationMs: performance.now() - started });
    return tag;
  }
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
