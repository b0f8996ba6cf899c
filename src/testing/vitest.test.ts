import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useLsim } from './vitest.js';

// The vitest integration on a kit with no engine: made by beforeAll, refused before it.
const kit = useLsim({ env: {} });
let early: unknown;
try {
  void kit.home;
} catch (error) {
  early = error;
}

describe('useLsim', () => {
  it('refuses the kit before beforeAll has made it', () => {
    expect(early).toMatchObject({ code: 'ParamValidation' });
  });

  it('hands tests the kit beforeAll made, methods bound to it', async () => {
    expect(existsSync(kit.home)).toBe(true);
    const { publishLayer } = kit;
    await expect(publishLayer({ name: 'x', content: '/nonexistent/folder' })).rejects.toMatchObject({ code: 'ParamValidation' });
  });
});
