import type { OptionSpec } from '../command-definition.js';

/** The options the alias commands share, with the aws CLI's names and help wording. */
export const ALIAS_NAME: OptionSpec = { kind: 'string', required: true, describe: 'The name of the alias.' };
export const ALIAS_OPTIONS = {
  description: { kind: 'string', describe: 'A description of the alias.' },
  'routing-config': {
    kind: 'structure',
    shape: 'RoutingConfig',
    describe: 'The routing configuration of the alias: AdditionalVersionWeights={2=0.05}, or JSON.',
  },
} as const satisfies Record<string, OptionSpec>;
