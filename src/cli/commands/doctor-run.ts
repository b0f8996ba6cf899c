import { LsimError } from '../../common/errors.js';
import { ExtractionCache } from '../../execution/extraction-cache.js';
import { diagnose, type DoctorReport } from '../../doctor/diagnose.js';
import type { DoctorSubject } from '../../doctor/doctor-subject.js';
import { formatReport } from '../../doctor/format-report.js';
import { subjectAdHoc, subjectForFunction, type DoctorDeps } from '../../doctor/load-subject.js';
import type { ArgReader } from '../arg-reader.js';
import { CommandOutcome } from '../command-definition.js';
import type { CliContext } from '../context.js';

/** Exit status of a report with problems: not one of aws's codes, which mean the call itself failed. */
const EXIT_FINDINGS = 1;

/** The body of `lsim doctor`, loaded only when the command runs (it pulls in heavy modules). */
export async function runDoctor(args: ArgReader, ctx: CliContext): Promise<unknown> {
  const format = readFormat(args);
  const deps: DoctorDeps = { cache: new ExtractionCache(ctx.config.home), home: ctx.config.home, api: () => ctx.api() };
  const subject = await readSubject(args, ctx, deps);
  const report = await diagnose(subject, { tree: args.flag('tree') });
  const exitCode = failed(report, args.flag('strict')) ? EXIT_FINDINGS : 0;
  return format === 'json' ? new CommandOutcome({ json: report, exitCode }) : new CommandOutcome({ text: formatReport(report), exitCode });
}

function failed(report: DoctorReport, strict: boolean): boolean {
  return report.summary.errors > 0 || (strict && report.summary.warnings > 0);
}

/** `--output text` (the default for a report meant for people) or `--output json` (the stable schema). */
function readFormat(args: ArgReader): 'text' | 'json' {
  return args.rawString('output') === 'json' ? 'json' : 'text';
}

async function readSubject(args: ArgReader, ctx: CliContext, deps: DoctorDeps): Promise<DoctorSubject> {
  const importsValue = args.string('imports');
  const imports = importsValue
    ?.split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const functionName = args.string('function-name');
  if (functionName !== undefined) {
    const qualifier = args.string('qualifier');
    const resolved = (await ctx.api()).resolveFunction({
      FunctionName: functionName,
      ...(qualifier === undefined ? {} : { Qualifier: qualifier }),
    });
    return subjectForFunction(resolved, deps, imports);
  }
  const runtime = args.string('runtime');
  if (runtime === undefined) {
    throw new LsimError('ParamValidation', 'lsim doctor needs --function-name, or --runtime with --code and/or --layer.');
  }
  const environment = args.structure<{ Variables?: Record<string, string> }>('environment');
  return subjectAdHoc(
    {
      runtime,
      architecture: args.repeated('architectures')[0],
      handler: args.string('handler'),
      code: args.string('code'),
      layers: args.repeated('layer'),
      environment: environment?.Variables,
      imports,
    },
    deps,
    ctx.cwd,
  );
}
