import type { CommandDefinition } from '../command-definition.js';

export const getAccountSettings: CommandDefinition = {
  name: 'get-account-settings',
  describe: "Retrieves details about your account's limits and usage in an Amazon Web Services Region.",
  operation: 'GetAccountSettings',
  example: { command: 'lsim get-account-settings', description: 'To retrieve details about your account in an AWS Region' },
  options: {},
  async handler(_args, ctx) {
    return (await ctx.api()).getAccountSettings();
  },
};
