import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isOwnerAlive, ownerToken, parseOwnerToken, selfOwner } from './process-owner.js';

describe('process owners', () => {
  it('knows this process is alive and a dead child is not, even with its pid', async () => {
    expect(isOwnerAlive(ownerToken())).toBe(true);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    const pid = child.pid ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { readFileSync } = await import('node:fs');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
    const token = ownerToken({ pid, start, boot: selfOwner().boot });
    expect(isOwnerAlive(token)).toBe(true);
    // The same pid with another start time is a different process (a reused pid).
    expect(isOwnerAlive(ownerToken({ pid, start: `${start}1`, boot: selfOwner().boot }))).toBe(false);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(isOwnerAlive(token)).toBe(false);
    expect(isOwnerAlive(ownerToken({ ...selfOwner(), boot: 'another-boot' }))).toBe(false);
    expect(parseOwnerToken('garbage')).toBeUndefined();
  });
});
