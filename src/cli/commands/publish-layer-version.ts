import { statSync } from 'node:fs';
import { omitUndefined } from '../../common/omit-undefined.js';
import type { CommandDefinition } from '../command-definition.js';
import { LAYER_NAME, readCodeSource, ZIP_FILE } from './common-options.js';

/** A zip this large takes seconds to check and store: a terminal shows it moving. */
const BIG_ZIP_BYTES = 16 * 1024 * 1024;

export const publishLayerVersion: CommandDefinition = {
  name: 'publish-layer-version',
  describe: 'Creates a Lambda layer from a ZIP archive. Each time you call it with the same layer name, a new version is created.',
  operation: 'PublishLayerVersion',
  example: {
    command:
      'lsim publish-layer-version --layer-name my-layer --description "My Python layer" --license-info "MIT" ' +
      '--content S3Bucket=lambda-layers-us-west-2-123456789012,S3Key=layer.zip --compatible-runtimes python3.10 python3.11',
    description: 'To create a Lambda layer version (S3 objects are placed with lsim put-object)',
  },
  options: {
    'layer-name': { ...LAYER_NAME, describe: 'The name or Amazon Resource Name (ARN) of the layer.' },
    description: { kind: 'string', describe: 'The description of the version.' },
    content: {
      kind: 'structure',
      shape: 'Content',
      describe: 'The function layer archive: S3Bucket=string,S3Key=string,S3ObjectVersion=string, or JSON.',
    },
    'compatible-runtimes': { kind: 'list', describe: 'A list of compatible function runtimes (up to 15).' },
    'license-info': { kind: 'string', describe: "The layer's software license (an SPDX identifier, a URL or the full text)." },
    'compatible-architectures': { kind: 'list', describe: 'A list of compatible instruction set architectures (x86_64, arm64).' },
    'zip-file': ZIP_FILE,
  },
  async handler(args, ctx) {
    const request = omitUndefined({
      LayerName: args.required('layer-name'),
      Description: args.string('description'),
      Content: readCodeSource(args, 'content', 'Content'),
      CompatibleRuntimes: args.list('compatible-runtimes', 'CompatibleRuntimes'),
      LicenseInfo: args.string('license-info'),
      CompatibleArchitectures: args.list('compatible-architectures', 'CompatibleArchitectures'),
    });
    const api = await ctx.api();
    const bytes = zipBytes(request.Content.ZipFilePath);
    if (bytes < BIG_ZIP_BYTES) return api.publishLayerVersion(request);
    return ctx.display.task(`publishing ${request.LayerName} (${(bytes / 1024 / 1024).toFixed(0)} MB)`, () =>
      Promise.resolve(api.publishLayerVersion(request)),
    );
  },
};

/** The zip's size, 0 when it cannot be read (the publish itself then says why). */
function zipBytes(path: string | undefined): number {
  if (path === undefined) return 0;
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
