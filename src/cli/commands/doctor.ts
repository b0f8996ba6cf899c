import type { CommandDefinition } from '../command-definition.js';
import { QUALIFIER } from './common-options.js';
import { AD_HOC_OPTIONS } from './function-options.js';

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
    imports: { kind: 'string', describe: "Comma-separated modules to resolve instead of the handler file's imports." },
    tree: { kind: 'boolean', describe: 'Also print the merged /opt tree with the layer each file comes from.' },
    strict: { kind: 'boolean', describe: 'Exit 1 on warnings too.' },
  },
  async handler(args, ctx) {
    const { runDoctor } = await import('./doctor-run.js');
    return runDoctor(args, ctx);
  },
};
