import { describe, expect, it } from 'vitest';
import { envProgram, parseShebang } from './shebang.js';

const parse = (text: string): ReturnType<typeof parseShebang> => parseShebang(Buffer.from(text, 'latin1'));

describe('parseShebang', () => {
  it('splits at the first blank and keeps the rest as one argument, as Linux does', () => {
    expect(parse('#!/bin/sh\necho')).toEqual({ interpreter: '/bin/sh', argument: undefined });
    expect(parse('#! /usr/bin/env  python3 -u \n')).toEqual({ interpreter: '/usr/bin/env', argument: 'python3 -u' });
    expect(parse('#!/bin/bash')).toEqual({ interpreter: '/bin/bash', argument: undefined });
  });

  it('keeps the \\r of Windows line endings', () => {
    expect(parse('#!/bin/sh\r\n')).toEqual({ interpreter: '/bin/sh\r', argument: undefined });
    expect(parse('#!/usr/bin/env bash\r\n')?.argument).toBe('bash\r');
  });

  it('is undefined without #!', () => {
    expect(parse('echo hi\n')).toBeUndefined();
    expect(parse('#')).toBeUndefined();
  });
});

describe('envProgram', () => {
  it('is the whole argument, or the first command word after -S', () => {
    expect(envProgram('python3')).toBe('python3');
    expect(envProgram('node --flag')).toBe('node --flag');
    expect(envProgram('-S node --flag')).toBe('node');
    expect(envProgram('-S A=1 ruby -w')).toBe('ruby');
    expect(envProgram('-i bash')).toBeUndefined();
    expect(envProgram(undefined)).toBeUndefined();
  });
});
