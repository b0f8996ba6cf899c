import { describe, expect, it } from 'vitest';
import { mountPoints, run } from './host-commands.js';

describe('disk commands', () => {
  it("reads this namespace's mount points, / among them", () => {
    expect(mountPoints().has('/')).toBe(true);
  });

  it('words a failed command with its own message', async () => {
    await expect(run('ls', ['/nonexistent-lsim'])).rejects.toThrow(
      /^ls \/nonexistent-lsim failed: ls: cannot access '\/nonexistent-lsim': No such file or directory$/,
    );
  });
});
