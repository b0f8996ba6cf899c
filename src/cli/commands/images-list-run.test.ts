import { describe, expect, it } from 'vitest';
import { formatTable } from './images-list-run.js';

describe('lsim images list table', () => {
  it('aligns one line per runtime id, nearest and unbuilt said in words', () => {
    const table = formatTable([
      {
        runtime: 'python3.12',
        family: 'python',
        interpreter: { command: 'python3', version: '3.13', exact: false, source: 'Debian trixie python3.13' },
        suite: 'trixie',
        glibc: '2.41',
        lambdaGlibc: '2.34',
        tag: 'lsim/python:x',
        built: false,
        sizeBytes: undefined,
        sdks: {},
        runs: { ref: 'public.ecr.aws/lambda/python:3.12', source: 'aws' },
      },
      {
        runtime: 'provided.al2',
        family: 'provided',
        interpreter: null,
        suite: 'bookworm',
        glibc: '2.36',
        lambdaGlibc: '2.26',
        tag: 'lsim/provided:y',
        built: true,
        sizeBytes: 181_000_000,
        sdks: { boto3: '1.40.0' },
        runs: undefined,
      },
    ]);
    expect(table.split('\n')).toEqual([
      'RUNTIME       INTERPRETER   SOURCE                      EXACT    GLIBC (LAMBDA)  SIZE    BUILT  RUNS                                   SDKS',
      'python3.12    python3 3.13  Debian trixie python3.13    nearest  2.41 (2.34)     -       no     aws public.ecr.aws/lambda/python:3.12  -',
      'provided.al2  bootstrap     Debian bookworm (sh, curl)  n/a      2.36 (2.26)     181 MB  yes    lsim                                   boto3 1.40.0',
      '',
    ]);
  });
});
