import { omitUndefined } from '../../common/omit-undefined.js';
import type { CommandDefinition } from '../command-definition.js';
import { LAYER_NAME, REVISION_ID, VERSION_NUMBER } from './common-options.js';

export const addLayerVersionPermission: CommandDefinition = {
  name: 'add-layer-version-permission',
  describe: 'Adds permissions to the resource-based policy of a version of a Lambda layer.',
  operation: 'AddLayerVersionPermission',
  example: {
    command:
      'lsim add-layer-version-permission --layer-name my-layer --statement-id xaccount ' +
      '--action lambda:GetLayerVersion --principal 123456789012 --version-number 1',
    description: 'To add permissions to a layer version',
  },
  options: {
    'layer-name': LAYER_NAME,
    'version-number': VERSION_NUMBER,
    'statement-id': {
      kind: 'string',
      required: true,
      describe: 'An identifier that distinguishes the policy from others on the same layer version.',
    },
    action: { kind: 'string', required: true, describe: 'The API action that grants access to the layer: lambda:GetLayerVersion.' },
    principal: { kind: 'string', required: true, describe: 'An account ID, or * to grant layer usage permission to all accounts.' },
    'organization-id': {
      kind: 'string',
      describe: 'With the principal set to *, grant permission to all accounts in the specified organization.',
    },
    'revision-id': { ...REVISION_ID, describe: 'Only update the policy if the revision ID matches the ID specified.' },
  },
  async handler(args, ctx) {
    const request = omitUndefined({
      LayerName: args.required('layer-name'),
      VersionNumber: args.requiredLong('version-number'),
      StatementId: args.required('statement-id'),
      Action: args.required('action'),
      Principal: args.required('principal'),
      OrganizationId: args.string('organization-id'),
      RevisionId: args.string('revision-id'),
    });
    return (await ctx.api()).addLayerVersionPermission(request);
  },
};
