import { Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ImageBuildEvent } from '../images/image-build-event.js';
import { ProgressDisplay } from './progress-display.js';
import { renderBuildEvent } from './render-build-event.js';

/** A stream that says it is a terminal, as process.stderr on one does, and keeps what it is given. */
function fakeTerminal(): { stream: NodeJS.WritableStream; written: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  Object.assign(stream, { isTTY: true, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { stream, written: () => text };
}

const tag = 'lsim/python:x86_64-0123456789abcdef';
const build: ImageBuildEvent[] = [
  { type: 'cached', stage: 'rootfs', tag },
  { type: 'start', stage: 'python', tag },
  { type: 'output', stage: 'python', tag, line: 'Step 1/4 : FROM lsim/base' },
  { type: 'step', stage: 'python', tag, step: 'installing boto3', elapsedMs: 1200 },
  { type: 'built', stage: 'python', tag, durationMs: 4321 },
];

describe('ProgressDisplay', () => {
  it('elsewhere than a terminal prints the plain lines, exactly as before', () => {
    let plain = '';
    const display = new ProgressDisplay(undefined, (text) => (plain += text));
    for (const event of build) display.build(event);
    expect(plain).toBe(build.map(renderBuildEvent).join(''));
    expect(plain).toContain('lsim: built lsim/python:x86_64-0123456789abcdef in 4.3 s\n');
  });

  it('on a terminal redraws one line while the build runs, then leaves the result', async () => {
    const terminal = fakeTerminal();
    let plain = '';
    const display = new ProgressDisplay(terminal.stream, (text) => (plain += text));
    for (const event of build) {
      // The spinner redraws on its own frames (80 ms): a step is shown at the next one.
      if (event.type === 'built') await new Promise((resolve) => setTimeout(resolve, 200));
      display.build(event);
    }
    const text = terminal.written();
    expect(plain).toBe('');
    expect(text).toContain(`building image ${tag} (python; first time only)`);
    expect(text).toContain('installing boto3');
    // The spinner's frames, then ora's success symbol beside the line that stays.
    expect(text).toContain('\u001b[?25l');
    expect(stripVTControlCharacters(text)).toMatch(/✔ lsim: built lsim\/python:x86_64-0123456789abcdef in 4\.3 s\n/);
    // The tools' own output is not shown on the terminal either.
    expect(text).not.toContain('Step 1/4');
  });

  it('shows a big publish while it runs and passes its result and its error through', async () => {
    const terminal = fakeTerminal();
    const display = new ProgressDisplay(terminal.stream, () => undefined);
    await expect(display.task('publishing big (64 MB)', () => Promise.resolve(7))).resolves.toBe(7);
    expect(stripVTControlCharacters(terminal.written())).toMatch(/✔ lsim: publishing big \(64 MB\): done in \d+ s\n/);
    await expect(display.task('publishing bad (64 MB)', () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(terminal.written()).not.toContain('publishing bad (64 MB): done');
    let plain = '';
    const pipe = new ProgressDisplay(undefined, (text) => (plain += text));
    await expect(pipe.task('publishing big (64 MB)', () => Promise.resolve('ok'))).resolves.toBe('ok');
    expect(plain).toBe('');
  });
});
