import { describe, expect, it } from 'vitest';
import { OutputMarkers, type OutputStream } from './output-markers.js';

function collect() {
  const out: Record<OutputStream, string> = { stdout: '', stderr: '' };
  const markers = new OutputMarkers(
    (stream, data) => (out[stream] += data.toString('utf8')),
    (stream) => (out[stream] += '|'),
  );
  return { out, markers };
}

describe('OutputMarkers', () => {
  it('takes the marker out of each stream, and resolves once both brought it back', async () => {
    const { out, markers } = collect();
    const marker = markers.expect();
    let arrived = false;
    void marker.arrived.then(() => (arrived = true));
    markers.chunk('stdout', Buffer.from(`last line\n${marker.text}\n`));
    await Promise.resolve();
    expect(arrived).toBe(false);
    markers.chunk('stderr', Buffer.from(`warning\n${marker.text}\n`));
    await marker.arrived;
    expect(out).toEqual({ stdout: 'last line\n|', stderr: 'warning\n|' });
  });

  it('keeps several markers on their way apart: each stream brings them back in order, each boundary in its place', async () => {
    const { out, markers } = collect();
    const first = markers.expect();
    const second = markers.expect();
    const order: string[] = [];
    void first.arrived.then(() => order.push('first'));
    void second.arrived.then(() => order.push('second'));
    markers.chunk('stdout', Buffer.from(`a\n${first.text}\nb\n${second.text}\nc\n`));
    markers.chunk('stderr', Buffer.from(`x\n${first.text}\n`));
    await first.arrived;
    expect(order).toEqual(['first']);
    markers.chunk('stderr', Buffer.from(`y\n${second.text}\nz\n`));
    await second.arrived;
    expect(order).toEqual(['first', 'second']);
    expect(out).toEqual({ stdout: 'a\n|b\n|c\n', stderr: 'x\n|y\n|z\n' });
  });

  it('does not take the second marker for the first: a stream that has not brought the first back looks only for it', () => {
    const { out, markers } = collect();
    const first = markers.expect();
    const second = markers.expect();
    markers.chunk('stdout', Buffer.from(`${second.text}\n`));
    expect(out.stdout).toBe(`${second.text}\n`);
    first.cancel();
    expect(out.stdout).toBe(`${second.text}\n|`);
  });

  it('giving up a marker gives up the older ones too, stream by stream, and what came back already stays', async () => {
    const { out, markers } = collect();
    const first = markers.expect();
    const second = markers.expect();
    markers.chunk('stdout', Buffer.from(`a\n${first.text}\n`));
    second.cancel();
    await Promise.all([first.arrived, second.arrived]);
    expect(out).toEqual({ stdout: 'a\n||', stderr: '||' });
  });

  it('finds a marker cut across chunks, after an unfinished line, and holds back only what may be its start', async () => {
    const { out, markers } = collect();
    const marker = markers.expect();
    const whole = Buffer.from(`partial${marker.text}\n`);
    markers.chunk('stdout', whole.subarray(0, 12));
    expect(out.stdout).toBe('partial');
    markers.chunk('stdout', whole.subarray(12));
    markers.chunk('stderr', Buffer.from(`${marker.text}\n`));
    await marker.arrived;
    expect(out.stdout).toBe('partial|');
    markers.chunk('stdout', Buffer.from('next\n'));
    expect(out.stdout).toBe('partial|next\n');
  });

  it('passes everything on when no marker is expected, and lets held bytes through when one is given up', () => {
    const { out, markers } = collect();
    markers.chunk('stdout', Buffer.from('\u001elsim-output-marker not ours\n'));
    expect(out.stdout).toBe('\u001elsim-output-marker not ours\n');
    const marker = markers.expect();
    markers.chunk('stderr', Buffer.from('x\u001elsim'));
    expect(out.stderr).toBe('x');
    marker.cancel();
    expect(out.stderr).toBe('x\u001elsim|');
  });
});
