import { describe, expect, it } from 'vitest';
import { LsimError } from '../common/errors.js';
import { engineMessage, engineStatusCode, toLsimError } from './docker-errors.js';

const modemError = (statusCode: number, json: unknown, reason = 'no such container'): Error =>
  Object.assign(new Error(`(HTTP code ${statusCode}) ${reason}`), { statusCode, reason, json });

describe('toLsimError', () => {
  it('turns socket failures into the engine-unavailable advice', () => {
    for (const code of ['ENOENT', 'ECONNREFUSED']) {
      const error = toLsimError(Object.assign(new Error('connect'), { code }), 'ping', 'unix:///var/run/docker.sock');
      expect(error.code).toBe('EngineUnavailable');
      expect(error.message).toBe(
        'Cannot connect to the Docker engine at unix:///var/run/docker.sock. Start one (for example `dockerd &`, or ' +
          '`systemctl start docker`) or point DOCKER_HOST / --docker-host at a running engine.',
      );
    }
  });

  it("quotes the engine's JSON message and status", () => {
    const error = toLsimError(modemError(409, { message: 'name already in use' }), 'create container', 'tcp://h:2375');
    expect(error.code).toBe('EngineUnavailable');
    expect(error.message).toBe('Docker engine at tcp://h:2375: create container failed (HTTP 409): name already in use');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('passes LsimErrors through', () => {
    const original = new LsimError('ImageBuildFailed', 'x');
    expect(toLsimError(original, 'op', 'w')).toBe(original);
  });
});

describe('engineMessage / engineStatusCode', () => {
  it('falls back from json.message to raw bodies to the reason', () => {
    expect(engineMessage(modemError(500, 'plain text body\n'))).toBe('plain text body');
    expect(engineMessage(modemError(500, Buffer.from('buffer body')))).toBe('buffer body');
    expect(engineMessage(modemError(404, null, 'no such image'))).toBe('no such image');
    expect(engineStatusCode(modemError(404, null))).toBe(404);
    // What docker-modem throws for a failed pull: no json, the body after the reason in the message.
    const pull = Object.assign(new Error('(HTTP code 500) server error - Get "http://127.0.0.1:1/v2/": connection refused '), {
      statusCode: 500,
      reason: 'server error',
      json: null,
    });
    expect(engineMessage(pull)).toBe('Get "http://127.0.0.1:1/v2/": connection refused');
    expect(engineStatusCode(new Error('x'))).toBeUndefined();
  });
});
