import type { CommandDefinition } from '../command-definition.js';
import { PREFER_AWS_IMAGES, QUALIFIER } from './common-options.js';
import { AD_HOC_OPTIONS, TEMPLATE_OPTIONS } from './function-options.js';

export const invoke: CommandDefinition = {
  name: 'invoke',
  describe:
    'Invokes a Lambda function in a real runtime container, its layers merged read-only at /opt. Writes the ' +
    'response to OUTFILE, prints the invocation metadata, and streams the function log to stderr. Without ' +
    '--function-name, runs an ad-hoc function from --runtime, --handler, --code and --layer. With -t TEMPLATE, ' +
    'runs the function of a SAM, CloudFormation or CDK template that OUTFILE names (its logical id), its layers ' +
    'from their local folders, and prints the response on stdout, as `sam local invoke` does. With --watch, invokes ' +
    'again after each change to those folders.',
  operation: 'Invoke',
  interruptible: true,
  example: {
    command: `lsim invoke --function-name my-function --cli-binary-format raw-in-base64-out --payload '{ "name": "Bob" }' response.json`,
    description: 'To invoke a Lambda function synchronously',
  },
  positionals: [
    {
      name: 'outfile',
      describe: 'Filename where the content (the response payload) will be saved; with -t, the logical id of the function to run.',
    },
  ],
  options: {
    ...AD_HOC_OPTIONS,
    ...TEMPLATE_OPTIONS,
    event: { kind: 'string', short: 'e', describe: 'With -t: a file holding the JSON event (else --payload, else {}).' },
    'function-name': { kind: 'string', describe: 'The name or ARN of the Lambda function.' },
    qualifier: QUALIFIER,
    payload: { kind: 'string', describe: 'The JSON event: inline, file://PATH or fileb://PATH.' },
    'invocation-type': { kind: 'string', describe: 'RequestResponse (default), Event or DryRun.' },
    'log-type': { kind: 'string', describe: 'Tail to include the last 4 KB of the log in LogResult (base64).' },
    'client-context': { kind: 'string', describe: 'Base64 client context JSON passed to the function.' },
    timeout: { kind: 'integer', describe: 'Ad-hoc form: timeout in seconds (default 3).' },
    'memory-size': { kind: 'integer', describe: 'Ad-hoc form: memory in MB (default 128).' },
    image: {
      kind: 'string',
      describe: "Run this image instead of lsim's own, pulled when missing; its entrypoint is kept and gets the handler as its argument.",
    },
    'prefer-aws-images': PREFER_AWS_IMAGES,
    watch: {
      kind: 'boolean',
      describe:
        'Ad-hoc form or -t: invoke, then invoke again after each change under the code and layer folders (and the ' +
        'template), each time as the folders are then, until Ctrl-C.',
    },
    'no-server': {
      kind: 'boolean',
      describe: 'Run a one-shot container even when lsim serve runs on this LSIM_HOME (whose warm environments it would use).',
    },
  },
  async handler(args, ctx) {
    const { runInvoke } = await import('./invoke-run.js');
    return runInvoke(args, ctx);
  },
};
