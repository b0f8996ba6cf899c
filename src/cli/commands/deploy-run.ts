import { deployTemplate, type DeployResult } from '../../templates/deploy-template.js';
import type { ArgReader } from '../arg-reader.js';
import type { CliContext } from '../context.js';
import { templateOptions } from './template-function.js';

/** The body of `lsim deploy`: what was published, created and updated, as JSON on stdout; progress on stderr. */
export async function runDeploy(args: ArgReader, ctx: CliContext): Promise<DeployResult> {
  return deployTemplate(args.required('template'), templateOptions(args, ctx), await ctx.api(), (line) => ctx.progress(`${line}\n`));
}
