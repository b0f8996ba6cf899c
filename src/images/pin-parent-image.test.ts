import { describe, expect, it } from 'vitest';
import { pinBuildArgs, pinParentImage } from './pin-parent-image.js';

describe('pinParentImage', () => {
  it('sets the default of the parent ARG, with or without one already', () => {
    expect(pinParentImage('# c\nARG BASE=lsim/base:old\nFROM ${BASE}\n', 'BASE', 'lsim/base:abc')).toBe(
      '# c\nARG BASE=lsim/base:abc\nFROM ${BASE}\n',
    );
    expect(pinParentImage('ARG ROOTFS\r\nFROM ${ROOTFS}\r\n', 'ROOTFS', 'lsim/rootfs:1')).toBe(
      'ARG ROOTFS=lsim/rootfs:1\r\nFROM ${ROOTFS}\r\n',
    );
  });

  it('does not touch other ARGs with a longer name', () => {
    expect(pinParentImage('ARG BASE_X=1\nARG BASE\nFROM ${BASE}\n', 'BASE', 't')).toBe('ARG BASE_X=1\nARG BASE=t\nFROM ${BASE}\n');
  });

  it('refuses a Dockerfile without the ARG', () => {
    expect(() => pinParentImage('FROM debian\n', 'BASE', 't')).toThrow(/ARG BASE/);
  });

  it('pins several build arguments, quoting a list, and refuses what Docker would read otherwise', () => {
    const dockerfile = 'ARG BASE\nFROM ${BASE}\nARG PYTHON\nARG PYTHON_NAMES\nRUN echo $PYTHON\n';
    expect(pinBuildArgs(dockerfile, { BASE: 'lsim/base:1', PYTHON: 'python3.13', PYTHON_NAMES: 'python3.12 python3.13' })).toBe(
      'ARG BASE=lsim/base:1\nFROM ${BASE}\nARG PYTHON=python3.13\nARG PYTHON_NAMES="python3.12 python3.13"\nRUN echo $PYTHON\n',
    );
    expect(() => pinBuildArgs(dockerfile, { PYTHON: 'a"b' })).toThrow(/cannot pin/);
    expect(() => pinBuildArgs(dockerfile, { PYTHON: '$HOME' })).toThrow(/cannot pin/);
  });
});
