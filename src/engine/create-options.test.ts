import { describe, expect, it } from 'vitest';
import { LSIM_LABELS, type ContainerSpec } from './container-engine.js';
import { toCreateOptions } from './create-options.js';

const full: ContainerSpec = {
  name: 'lsim-fn-1',
  image: 'lsim-python:abc',
  cmd: ['app.handler'],
  entrypoint: ['/var/runtime/bootstrap'],
  env: { A: '1', B: 'x=y' },
  labels: { [LSIM_LABELS.function]: 'fn' },
  workingDir: '/var/task',
  user: '993:990',
  mounts: [
    { type: 'bind', source: '/code', target: '/var/task', readOnly: true },
    { type: 'volume', source: 'lsim-opt-1', target: '/opt', readOnly: true },
    { type: 'tmpfs', target: '/tmp', readOnly: false, sizeBytes: 512 * 1024 * 1024 },
  ],
  memoryBytes: 128 * 1024 * 1024,
  readOnlyRootfs: true,
  capDropAll: true,
  networkMode: 'lsim',
  extraHosts: ['lsim-host:host-gateway'],
  pidsLimit: 1024,
  ulimitNofile: 1024,
};

describe('toCreateOptions', () => {
  it('maps every field of a full spec', () => {
    const options = toCreateOptions(full);
    expect(options).toMatchObject({
      name: 'lsim-fn-1',
      Image: 'lsim-python:abc',
      Cmd: ['app.handler'],
      Entrypoint: ['/var/runtime/bootstrap'],
      Env: ['A=1', 'B=x=y'],
      WorkingDir: '/var/task',
      User: '993:990',
      Tty: false,
      OpenStdin: false,
    });
    expect(options.HostConfig).toEqual({
      Mounts: [
        { Type: 'bind', Source: '/code', Target: '/var/task', ReadOnly: true },
        { Type: 'volume', Source: 'lsim-opt-1', Target: '/opt', ReadOnly: true },
        { Type: 'tmpfs', Source: '', Target: '/tmp', ReadOnly: false, TmpfsOptions: { SizeBytes: 536870912, Mode: 0o1777 } },
      ],
      Memory: 134217728,
      MemorySwap: 134217728,
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      NetworkMode: 'lsim',
      ExtraHosts: ['lsim-host:host-gateway'],
      PidsLimit: 1024,
      Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 1024 }],
    });
  });

  it('always labels the container as lsim-managed, keeping the caller labels', () => {
    expect(toCreateOptions(full).Labels).toEqual({ [LSIM_LABELS.function]: 'fn', [LSIM_LABELS.managed]: 'true' });
    expect(toCreateOptions({ image: 'i', env: {}, labels: {}, mounts: [] }).Labels).toEqual({ [LSIM_LABELS.managed]: 'true' });
  });

  it('leaves unset optional fields out and keeps the nofile default', () => {
    const options = toCreateOptions({ image: 'i', env: {}, labels: {}, mounts: [] });
    for (const key of ['name', 'Cmd', 'Entrypoint', 'WorkingDir', 'User']) expect(options).not.toHaveProperty(key);
    for (const key of ['Memory', 'MemorySwap', 'CapDrop', 'NetworkMode', 'ExtraHosts', 'PidsLimit']) {
      expect(options.HostConfig).not.toHaveProperty(key);
    }
    expect(options.HostConfig?.ReadonlyRootfs).toBe(false);
    expect(options.HostConfig?.Ulimits).toEqual([{ Name: 'nofile', Soft: 1024, Hard: 1024 }]);
  });
});
