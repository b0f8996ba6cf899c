import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveParamfile } from './paramfile.js';
import { parseZipFile } from './zip-file-param.js';

const dir = mkdtempSync(join(tmpdir(), 'lsim-params-'));
writeFileSync(join(dir, 'code.zip'), Buffer.from([0x50, 0x4b, 0x05, 0x06, 0xff, 0xfe]));
writeFileSync(join(dir, 'desc.txt'), 'from a file\n');
const ctx = { cwd: dir, env: { HOME: dir, SUB: 'code' } };

describe('--zip-file', () => {
  it('turns fileb:// into an absolute ZipFilePath, relative to the working directory', () => {
    expect(parseZipFile('--zip-file', 'fileb://code.zip', ctx)).toEqual({ ZipFilePath: join(dir, 'code.zip') });
    expect(parseZipFile('--zip-file', 'fileb://~/code.zip', ctx)).toEqual({ ZipFilePath: join(dir, 'code.zip') });
    expect(parseZipFile('--zip-file', 'fileb://$SUB.zip', ctx)).toEqual({ ZipFilePath: join(dir, 'code.zip') });
  });

  it('names a missing file exactly as the aws CLI does', () => {
    expect(() => parseZipFile('--zip-file', 'fileb://nope/x.zip', ctx)).toThrow(
      "Error parsing parameter '--zip-file': Unable to load paramfile fileb://nope/x.zip: " +
        "[Errno 2] No such file or directory: 'nope/x.zip'",
    );
    expect(() => parseZipFile('--zip-file', `fileb://${dir}`, ctx)).toThrow(`[Errno 21] Is a directory: '${dir}'`);
  });

  it('asks for fileb:// for anything else', () => {
    expect(() => parseZipFile('--zip-file', 'code.zip', ctx)).toThrow(
      '--zip-file must be a zip file with the fileb:// prefix.\nExample usage:  --zip-file fileb://path/to/file.zip',
    );
    expect(() => parseZipFile('--zip-file', 'file://code.zip', ctx)).toThrow('text contents could not be decoded');
  });
});

describe('file:// for text parameters', () => {
  it('uses the file content verbatim and passes other values through', () => {
    expect(resolveParamfile('--description', 'file://desc.txt', ctx)).toBe('from a file\n');
    expect(resolveParamfile('--description', 'plain', ctx)).toBe('plain');
  });
});
