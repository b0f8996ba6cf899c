import { describe, expect, it } from 'vitest';
import { MODEL_SHAPES } from '../../src/cli/skeleton/model-shapes.js';
import { ACCEPTED_RUNTIMES, ARCHITECTURES, DEPRECATED_RUNTIMES, LEGACY_RUNTIMES } from '../../src/registry/runtimes.js';
import { ARCHITECTURES as LSIM_ARCHITECTURES } from '../../src/runtimes/architecture.js';
import { SUPPORTED_RUNTIMES } from '../../src/runtimes/runtime-catalogue.js';

/**
 * The runtime ids and architectures of three sources that must agree (src/registry/runtimes.ts): the
 * botocore model's enums, the service's recorded lists (docs/lambda-facts.md#runtime-identifiers) and
 * what lsim runs (the family descriptors). A model regenerated with a new id fails here until the id is
 * placed: accepted, retired or not yet taken.
 */

function modelEnum(name: string): readonly string[] {
  const shape = MODEL_SHAPES[name];
  if (shape?.type !== 'string' || shape.enum === undefined) throw new Error(`model shape ${name} is not an enum`);
  return shape.enum;
}

/** Ids of the model that the service neither takes nor calls retired: CreateFunction answers them with the enum message. */
const NOT_YET_TAKEN = ['ruby4.0', 'nodejs26.x', 'python3.15', 'java8.al2023', 'java11.al2023', 'java17.al2023'];

const without = (ids: readonly string[], ...others: (readonly string[])[]): string[] =>
  ids.filter((id) => others.every((other) => !other.includes(id)));

describe('runtime ids: the model, the service and lsim agree', () => {
  const model = modelEnum('Runtime');

  it('accepts and retires only ids of the model, never the same one twice', () => {
    expect(without(ACCEPTED_RUNTIMES, model)).toEqual([]);
    expect(without([...DEPRECATED_RUNTIMES], model)).toEqual([]);
    expect(new Set(ACCEPTED_RUNTIMES).size).toBe(ACCEPTED_RUNTIMES.length);
    expect(ACCEPTED_RUNTIMES.filter((id) => DEPRECATED_RUNTIMES.has(id))).toEqual([]);
  });

  it('retires every id of the model that is neither accepted nor newer than the accepted ones', () => {
    expect(without(model, ACCEPTED_RUNTIMES, NOT_YET_TAKEN).sort()).toEqual([...DEPRECATED_RUNTIMES].sort());
    expect(without(NOT_YET_TAKEN, model)).toEqual([]);
  });

  it('lets layers name every accepted and retired id', () => {
    expect(without([...ACCEPTED_RUNTIMES, ...DEPRECATED_RUNTIMES], LEGACY_RUNTIMES)).toEqual([]);
  });

  it('runs only ids the model has and the service accepts', () => {
    expect(without(SUPPORTED_RUNTIMES, model)).toEqual([]);
    expect(without(SUPPORTED_RUNTIMES, ACCEPTED_RUNTIMES)).toEqual([]);
  });

  it('accepts exactly the model architectures, in its order, and runs each of them', () => {
    expect(ARCHITECTURES).toEqual(modelEnum('Architecture'));
    expect([...LSIM_ARCHITECTURES]).toEqual(modelEnum('Architecture'));
  });
});
