import { LsimError } from '../../common/errors.js';
import type { CommandDefinition } from '../command-definition.js';
import { modelShape } from './generate-skeleton.js';
import { MODEL_OPERATIONS } from './model-shapes.js';

/** botocore's xform_name with `-`: `KMSKeyArn` → `kms-key-arn`, the aws CLI's option names. */
const optionName = (member: string): string =>
  member
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();

export interface UnsimulatedOption {
  readonly member: string;
  readonly boolean: boolean;
}

/**
 * The aws CLI options of a command's model input that lsim does not simulate (VPCs, tracing, images,
 * KMS, ...): accepted by the parser so that they fail with a message saying so, rather than as an
 * unknown option (docs/aws-cli-output.md#options-lsim-does-not-simulate).
 */
export function unsimulatedOptions(command: CommandDefinition): Map<string, UnsimulatedOption> {
  const found = new Map<string, UnsimulatedOption>();
  const input = command.operation === 'Invoke' ? undefined : MODEL_OPERATIONS[command.operation]?.input;
  if (input === undefined) return found;
  const shape = modelShape(input);
  if (shape.type !== 'structure') return found;
  for (const [member, target] of shape.members) {
    const name = optionName(member);
    if (name in command.options) continue;
    const boolean = modelShape(target).type === 'boolean';
    found.set(name, { member, boolean });
    if (boolean) found.set(`no-${name}`, { member, boolean });
  }
  return found;
}

export function refuseUnsimulated(command: CommandDefinition, args: Readonly<Record<string, unknown>>): void {
  const given = [...unsimulatedOptions(command)].filter(([name]) => args[name] !== undefined && args[name] !== false);
  if (given.length === 0) return;
  const names = given.map(([name, option]) => `--${name} (${option.member})`).join(', ');
  throw new LsimError(
    'ParamValidation',
    `lsim does not simulate ${names} of ${command.operation}: see docs/aws-cli-output.md#options-lsim-does-not-simulate`,
  );
}
