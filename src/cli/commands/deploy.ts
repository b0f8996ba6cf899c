import type { CommandDefinition } from '../command-definition.js';
import { TEMPLATE_OPTIONS } from './function-options.js';

export const deploy: CommandDefinition = {
  name: 'deploy',
  describe:
    "Registers a SAM, CloudFormation or CDK template's layer versions and functions, as `sam deploy` would: a new " +
    "layer version only when a layer's content or settings changed, functions created or updated with the " +
    'resulting ARNs, so that `lsim serve` and the aws CLI see them. Nothing is built (docs/templates.md).',
  operation: 'Deploy',
  example: {
    command: 'lsim deploy -t template.yaml --parameter-overrides Stage=dev',
    description: "To register a SAM template's layers and functions",
  },
  options: {
    ...TEMPLATE_OPTIONS,
    template: { ...TEMPLATE_OPTIONS.template, required: true },
    'stack-name': {
      kind: 'string',
      describe: 'Names the functions without a FunctionName <stack-name>-<LogicalId> (else their logical id), and AWS::StackName.',
    },
  },
  async handler(args, ctx) {
    const { runDeploy } = await import('./deploy-run.js');
    return runDeploy(args, ctx);
  },
};
