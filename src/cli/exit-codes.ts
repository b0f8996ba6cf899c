/**
 * The aws CLI v2's return codes, which scripts written against `aws lambda` already test for.
 * 253 is aws's "the system environment or configuration was invalid": lsim uses it for a missing
 * Docker engine, the one environment problem a user can fix without touching the command.
 */
export const EXIT = {
  ok: 0,
  /** Bad syntax, unknown or missing argument, unreadable paramfile, invalid parameter value. */
  usage: 252,
  /** The environment lsim needs is not there: no Docker engine, a full disk, a read-only LSIM_HOME. */
  environment: 253,
  /** The operation was parsed and called, and Lambda (lsim's registry) returned an error. */
  serviceError: 254,
  /** Anything else, including bugs. */
  general: 255,
  /** Ctrl-C, as shells report a SIGINT death; everything lsim started has been removed by then. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
