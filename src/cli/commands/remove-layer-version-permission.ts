import { omitUndefined } from '../../common/omit-undefined.js';
import type { CommandDefinition } from '../command-definition.js';
import { LAYER_NAME, REVISION_ID, VERSION_NUMBER } from './common-options.js';

export const removeLayerVersionPermission: CommandDefinition = {
  name: 'remove-layer-version-permission',
  describe: 'Removes a statement from the permissions policy for a version of a Lambda layer.',
  operation: 'RemoveLayerVersionPermission',
  example: {
    command: 'lsim remove-layer-version-permission --layer-name my-layer --statement-id xaccount --version-number 1',
    description: 'To delete layer-version permissions',
  },
  options: {
    'layer-name': LAYER_NAME,
    'version-number': VERSION_NUMBER,
    'statement-id': { kind: 'string', required: true, describe: 'The identifier that was specified when the statement was added.' },
    'revision-id': { ...REVISION_ID, describe: 'Only update the policy if the revision ID matches the ID specified.' },
  },
  async handler(args, ctx) {
    const request = omitUndefined({
      LayerName: args.required('layer-name'),
      VersionNumber: args.requiredLong('version-number'),
      StatementId: args.required('statement-id'),
      RevisionId: args.string('revision-id'),
    });
    (await ctx.api()).removeLayerVersionPermission(request);
    return undefined;
  },
};
