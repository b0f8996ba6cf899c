import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXTENSION_LINE_MARKER, outputItem } from './extension-output.js';

describe('outputItem', () => {
  it('tells an extension line (marker stripped) from a runtime line', () => {
    expect(outputItem(`${EXTENSION_LINE_MARKER}agent ready`)).toEqual({ type: 'extension', record: 'agent ready' });
    expect(outputItem('hello from the handler')).toEqual({ type: 'function', record: 'hello from the handler' });
    expect(outputItem(`x${EXTENSION_LINE_MARKER}`)).toEqual({ type: 'function', record: `x${EXTENSION_LINE_MARKER}` });
  });

  it('is the prefix lsim-entry gives every extension line', () => {
    const entry = readFileSync(new URL('../../images/common/lsim-entry', import.meta.url), 'utf8');
    const tagger = /^tag_extension_output\(\) \{\n {2}(.*)\n\}$/m.exec(entry)?.[1];
    expect(tagger).toBeDefined();
    const tagged = execFileSync('sh', ['-c', `printf 'one\\ntwo' | ${tagger ?? 'false'}`], { encoding: 'utf8' });
    expect(tagged.split('\n').map((line) => outputItem(line))).toEqual([
      { type: 'extension', record: 'one' },
      { type: 'extension', record: 'two' },
    ]);
  });
});
