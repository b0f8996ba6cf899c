import type { ImageFamily } from './image-families.js';

/** The three stages of a runtime image: the Debian rootfs, the Lambda layout, the language family. */
export type ImageStage = 'rootfs' | 'base' | ImageFamily;

/** What the builder reports while it works; the CLI renders these, library code never prints. */
export type ImageBuildEvent =
  /** The engine already has the image: nothing to build. */
  | { readonly type: 'cached'; readonly stage: ImageStage; readonly tag: string }
  /** Another process holds the build lock for this image; waiting for it. */
  | { readonly type: 'waiting'; readonly stage: ImageStage; readonly tag: string; readonly holderPid: number | undefined }
  | { readonly type: 'start'; readonly stage: ImageStage; readonly tag: string }
  /** One line of mmdebstrap's or the engine's build output. */
  | { readonly type: 'output'; readonly stage: ImageStage; readonly tag: string; readonly line: string }
  /** A coarse step of a running build (src/images/build-steps.ts), with the time since its stage began. */
  | { readonly type: 'step'; readonly stage: ImageStage; readonly tag: string; readonly step: string; readonly elapsedMs: number }
  | { readonly type: 'built'; readonly stage: ImageStage; readonly tag: string; readonly durationMs: number }
  /** A user's or AWS's image (not lsim's own) is missing on the engine: pulling it from its registry. */
  | { readonly type: 'pull-start'; readonly tag: string }
  /** One progress line of the engine's pull (`<layer id>: Pull complete`). */
  | { readonly type: 'pull-output'; readonly tag: string; readonly line: string }
  | { readonly type: 'pulled'; readonly tag: string; readonly durationMs: number };
