import { omitUndefined } from '../../common/omit-undefined.js';
import type { CommandDefinition } from '../command-definition.js';
import { FUNCTION_NAME, REVISION_ID } from './common-options.js';

export const publishVersion: CommandDefinition = {
  name: 'publish-version',
  describe:
    'Creates a version from the current code and configuration of a function, its layers frozen with it. ' +
    'If nothing changed since the last version, returns that version.',
  operation: 'PublishVersion',
  example: {
    command: 'lsim publish-version --function-name my-function',
    description: 'To publish a new version of a function',
  },
  options: {
    'function-name': FUNCTION_NAME,
    'code-sha256': {
      kind: 'string',
      describe: 'Only publish a version if the hash value matches the value that is specified (the CodeSha256 of $LATEST).',
    },
    description: { kind: 'string', describe: 'A description for the version to override the description in the function configuration.' },
    'revision-id': { ...REVISION_ID, describe: "Only update the function if the revision ID matches the ID that's specified." },
  },
  async handler(args, ctx) {
    const request = omitUndefined({
      FunctionName: args.required('function-name'),
      CodeSha256: args.string('code-sha256'),
      Description: args.string('description'),
      RevisionId: args.string('revision-id'),
    });
    return (await ctx.api()).publishVersion(request);
  },
};
