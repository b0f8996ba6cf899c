import type { OptionSpec } from '../command-definition.js';

/** The configuration options create-function and update-function-configuration share. */
export const FUNCTION_CONFIGURATION_OPTIONS = {
  runtime: { kind: 'string', describe: 'The identifier of the function runtime, for example python3.12.' },
  role: { kind: 'string', describe: "The ARN of the function's execution role (lsim makes up one when omitted)." },
  handler: { kind: 'string', describe: 'The name of the method within your code that Lambda calls to run your function.' },
  description: { kind: 'string', describe: 'A description of the function.' },
  timeout: {
    kind: 'integer',
    describe: 'The amount of time (in seconds) that Lambda allows a function to run before stopping it. Default 3.',
  },
  'memory-size': { kind: 'integer', describe: 'The amount of memory available to the function at runtime, in MB. Default 128.' },
  environment: {
    kind: 'structure',
    shape: 'Environment',
    describe: 'Environment variables: Variables={KeyName1=string,KeyName2=string}, or JSON.',
  },
  layers: { kind: 'list', describe: 'A list of function layers (versioned ARNs), up to 5; [] removes all layers.' },
  'ephemeral-storage': {
    kind: 'structure',
    shape: 'EphemeralStorage',
    describe: 'The size of /tmp in MB: Size=integer, or JSON. Default 512.',
  },
} as const satisfies Record<string, OptionSpec>;

/** The ad-hoc function of `lsim invoke` and `lsim doctor`: nothing registered, layers in Lambda order. */
export const AD_HOC_OPTIONS = {
  runtime: { kind: 'string', describe: 'Ad-hoc form: the runtime identifier, e.g. python3.12.' },
  handler: { kind: 'string', describe: 'Ad-hoc form: the handler, e.g. lambda_function.lambda_handler.' },
  code: { kind: 'string', describe: 'Ad-hoc form: the function code, a folder or a zip.' },
  layer: { kind: 'repeated', describe: 'Ad-hoc form: a layer (zip, folder or layer version ARN); repeat in Lambda order.' },
  environment: { kind: 'structure', shape: 'Environment', describe: 'Ad-hoc form: Variables={KEY=VALUE,...} or JSON.' },
  architectures: { kind: 'list', describe: 'Ad-hoc form: x86_64 (default) or arm64.' },
} as const satisfies Record<string, OptionSpec>;

/** `lsim invoke -t` and `lsim deploy -t`: SAM's names and one-letter forms (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-cli-command-reference-sam-local-invoke.html). */
export const TEMPLATE_OPTIONS = {
  template: {
    kind: 'string',
    short: 't',
    describe: 'A SAM or CloudFormation template (YAML or JSON), or a synthesized cdk.out/<Stack>.template.json.',
  },
  'parameter-overrides': { kind: 'list', describe: "The template's parameter values: Key=Value ... (or ParameterKey=K,ParameterValue=V)." },
} as const satisfies Record<string, OptionSpec>;
