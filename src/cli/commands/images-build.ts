import type { CommandDefinition } from '../command-definition.js';

export const imagesBuild: CommandDefinition = {
  name: 'images',
  describe:
    "Builds lsim's runtime images offline (Debian rootfs with mmdebstrap, then the Lambda layout and each " +
    'language family). Only what the engine lacks is built; the tags carry a hash of their inputs.',
  operation: 'BuildImages',
  interruptible: true,
  example: { command: 'lsim images build --runtime python3.12', description: 'To build the image python3.12 runs on' },
  positionals: [{ name: 'action', describe: 'build' }],
  options: {
    runtime: { kind: 'string', describe: 'Build only the image of this runtime (e.g. nodejs20.x) or family (e.g. python).' },
  },
  async handler(args, ctx) {
    const { runImagesBuild } = await import('./images-build-run.js');
    return runImagesBuild(args, ctx);
  },
};
