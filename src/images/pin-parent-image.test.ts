import { describe, expect, it } from 'vitest';
import { pinParentImage } from './pin-parent-image.js';

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
});
