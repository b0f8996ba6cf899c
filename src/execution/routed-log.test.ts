import { describe, expect, it } from 'vitest';
import { LogCollector } from './log-collector.js';
import { RoutedLog } from './routed-log.js';

const logs = (): { first: LogCollector; second: LogCollector; third: LogCollector } => ({
  first: new LogCollector(undefined),
  second: new LogCollector(undefined),
  third: new LogCollector(undefined),
});

describe('RoutedLog', () => {
  it('moves every stream to a new log at once when no marker is on its way', () => {
    const { first, second } = logs();
    const routed = new RoutedLog(first);
    routed.streamLine('stdout', 'one');
    routed.target = second;
    routed.streamLine('stdout', 'two');
    routed.streamLine('stderr', 'two err');
    expect([first.text, second.text]).toEqual(['one\n', 'two\ntwo err\n']);
  });

  it("keeps each stream in the log before until it passes that log's marker, stream by stream", () => {
    const { first, second } = logs();
    const routed = new RoutedLog(first);
    routed.markerPosted();
    routed.target = second;
    routed.line('START of the second');
    routed.streamLine('stdout', 'late output of the first');
    routed.boundary('stdout');
    routed.streamLine('stdout', 'output of the second');
    routed.streamLine('stderr', 'late error of the first');
    routed.boundary('stderr');
    routed.streamLine('stderr', 'error of the second');
    expect(first.text).toBe('late output of the first\nlate error of the first\n');
    expect(second.text).toBe('START of the second\noutput of the second\nerror of the second\n');
  });

  it('follows two markers on their way: a stream passes them in order, one log each', () => {
    const { first, second, third } = logs();
    const routed = new RoutedLog(first);
    routed.markerPosted();
    routed.target = second;
    routed.markerPosted();
    routed.target = third;
    routed.streamLine('stdout', 'a');
    routed.boundary('stdout');
    routed.streamLine('stdout', 'b');
    routed.boundary('stdout');
    routed.streamLine('stdout', 'c');
    routed.streamLine('stderr', 'x');
    routed.boundary('stderr');
    routed.boundary('stderr');
    routed.streamLine('stderr', 'z');
    expect([first.text, second.text, third.text]).toEqual(['a\nx\n', 'b\n', 'c\nz\n']);
  });

  it('leaves output between invokes in the log before, as long as no next invoke began', () => {
    const { first, second } = logs();
    const routed = new RoutedLog(first);
    routed.markerPosted();
    routed.boundary('stdout');
    routed.boundary('stderr');
    routed.streamLine('stdout', 'a background timer of the first');
    routed.target = second;
    routed.streamLine('stdout', 'the second');
    expect([first.text, second.text]).toEqual(['a background timer of the first\n', 'the second\n']);
  });
});
