import type { CommandDefinition } from '../command-definition.js';
import { PREFER_AWS_IMAGES } from './common-options.js';

export const imagesBuild: CommandDefinition = {
  name: 'images',
  describe:
    "build: builds lsim's runtime images offline (Debian rootfs with mmdebstrap, then the Lambda layout and each " +
    'language family). Only what the engine lacks is built; the tags carry a hash of their inputs. ' +
    'list: every runtime id with its interpreter, where it comes from, exact or nearest, the image glibc, ' +
    "its size, whether it is built, and which image an invoke runs (lsim's, a user image, or AWS's base image with " +
    '--prefer-aws-images or LSIM_PREFER_AWS_IMAGES=1; a table, or --output json).',
  operation: 'BuildImages',
  interruptible: true,
  example: { command: 'lsim images build --runtime python3.12', description: 'To build the image python3.12 runs on' },
  textOutput: true,
  positionals: [{ name: 'action', describe: 'build or list' }],
  options: {
    runtime: { kind: 'string', describe: 'Only the image of this runtime (e.g. nodejs20.x) or family (e.g. python).' },
    'prefer-aws-images': { ...PREFER_AWS_IMAGES, describe: 'list: show the AWS base image each runtime id would run on.' },
    architectures: { kind: 'list', describe: 'build: x86_64 (default), arm64 (built and run under QEMU), or both.' },
  },
  async handler(args, ctx) {
    const { runImagesBuild } = await import('./images-build-run.js');
    return runImagesBuild(args, ctx);
  },
};
