import { LsimError } from '../../common/errors.js';
import { ExtractionCache } from '../../execution/extraction-cache.js';
import { diagnose, type DoctorReport } from '../../doctor/diagnose.js';
import type { DoctorSubject } from '../../doctor/doctor-subject.js';
import { formatReport } from '../../doctor/format-report.js';
import { subjectAdHoc, subjectForFunction, type DoctorDeps } from '../../doctor/load-subject.js';
import type { ArgReader } from '../arg-reader.js';
import { CommandOutcome, type CommandDefinition } from '../command-definition.js';
import type { CliContext } from '../context.js';
import { SHAPES } from '../params/structure-shape.js';
import { QUALIFIER } from './common-options.js';
import { AD_HOC_OPTIONS } from './function-options.js';

/** Exit status of a report with problems: not one of aws's codes, which mean the call itself failed. */
const EXIT_FINDINGS = 1;

export const doctor: CommandDefinition = {
  name: 'doctor',
  describe:
    'Checks a function, or layers against a runtime, without running anything: /opt provenance, search paths in ' +
    'effect, layout mistakes, permissions, native code (architecture, glibc), limits and imports, each with a fix. ' +
    'Exits 1 when there are errors (or warnings, with --strict).',
  operation: 'Doctor',
  textOutput: true,
  example: {
    command: 'lsim doctor --runtime python3.12 --layer ./layer.zip --imports requests,numpy',
    description: 'To check a layer zip against a runtime before publishing it',
  },
  options: {
    ...AD_HOC_OPTIONS,
    'function-name': { kind: 'string', describe: 'A registered function to check (its code, layers and configuration).' },
    qualifier: QUALIFIER,
    architectures: { kind: 'list', describe: 'Ad-hoc form: x86_64 (default) or arm64.' },
    imports: { kind: 'string', describe: 'Comma-separated modules to resolve instead of the handler file\'s imports.' },
    tree: { kind: 'boolean', describe: 'Also print the merged /opt tree with the layer each file comes from.' },
    strict: { kind: 'boolean', describe: 'Exit 1 on warnings too.' },
  },
  async handler(args, ctx) {
    const format = readFormat(args);
    const deps: DoctorDeps = { cache: new ExtractionCache(ctx.config.home), home: ctx.config.home, api: () => ctx.api() };
    const subject = await readSubject(args, ctx, deps);
    const report = await diagnose(subject, { tree: args.flag('tree') });
    const exitCode = failed(report, args.flag('strict')) ? EXIT_FINDINGS : 0;
    return format === 'json' ? new CommandOutcome({ json: report, exitCode }) : new CommandOutcome({ text: formatReport(report), exitCode });
  },
};

function failed(report: DoctorReport, strict: boolean): boolean {
  return report.summary.errors > 0 || (strict && report.summary.warnings > 0);
}

/** `--output text` (the default for a report meant for people) or `--output json` (the stable schema). */
function readFormat(args: ArgReader): 'text' | 'json' {
  return args.rawString('output') === 'json' ? 'json' : 'text';
}

async function readSubject(args: ArgReader, ctx: CliContext, deps: DoctorDeps): Promise<DoctorSubject> {
  const importsValue = args.string('imports');
  const imports = importsValue?.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const functionName = args.string('function-name');
  if (functionName !== undefined) {
    const qualifier = args.string('qualifier');
    const resolved = (await ctx.api()).resolveFunction({ FunctionName: functionName, ...(qualifier === undefined ? {} : { Qualifier: qualifier }) });
    return subjectForFunction(resolved, deps, imports);
  }
  const runtime = args.string('runtime');
  if (runtime === undefined) {
    throw new LsimError('ParamValidation', 'lsim doctor needs --function-name, or --runtime with --code and/or --layer.');
  }
  const environment = args.structure<{ Variables?: Record<string, string> }>('environment', SHAPES.Environment);
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
