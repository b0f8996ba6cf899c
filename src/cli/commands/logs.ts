import type { CommandDefinition } from '../command-definition.js';

export const logs: CommandDefinition = {
  name: 'logs',
  describe:
    "Prints a function's invocation logs kept under LSIM_HOME (its log group /aws/lambda/<name>, every execution " +
    'environment a stream), written by lsim invoke and lsim serve alike, as `aws logs tail` prints them.',
  operation: 'FilterLogEvents',
  interruptible: true,
  example: { command: 'lsim logs --function-name my-function --since 1h --follow', description: "To follow a function's log" },
  options: {
    'function-name': { kind: 'string', describe: 'The name or ARN of the Lambda function.', required: true },
    since: {
      kind: 'string',
      describe: 'From when: a number and a unit (s, m, h, d, w: 10m is the default) or an ISO 8601 timestamp.',
    },
    follow: { kind: 'boolean', describe: 'Keep printing new lines until interrupted.' },
  },
  async handler(args, ctx) {
    const { runLogs } = await import('./logs-run.js');
    return runLogs(args, ctx);
  },
};
