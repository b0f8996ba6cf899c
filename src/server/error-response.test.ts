import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { LsimError } from '../common/errors.js';
import { sendError } from './error-response.js';

function render(error: unknown): { status: number; headers: Record<string, string | number>; body: unknown } {
  const sent = { status: 0, headers: {} as Record<string, string | number>, body: undefined as unknown };
  const res = {
    headersSent: false,
    writeHead(status: number, headers: Record<string, string | number>) {
      sent.status = status;
      sent.headers = headers;
    },
    end(text: string) {
      sent.body = JSON.parse(text);
    },
    destroy() {},
  } as unknown as ServerResponse;
  sendError(res, error, 'req-1');
  return sent;
}

describe('sendError', () => {
  it('sends the code in X-Amzn-ErrorType and the body with its message casing', () => {
    const notFound = render(new LsimError('ResourceNotFoundException', 'The resource you requested does not exist.'));
    expect(notFound.status).toBe(404);
    expect(notFound.headers['X-Amzn-ErrorType']).toBe('ResourceNotFoundException');
    expect(notFound.body).toEqual({ Type: 'User', Message: 'The resource you requested does not exist.' });
    const invalid = render(new LsimError('InvalidParameterValueException', 'Cannot reference more than 5 layers.'));
    expect(invalid).toMatchObject({ status: 400, body: { Type: 'User', message: 'Cannot reference more than 5 layers.' } });
    expect(render(new LsimError('ValidationException', 'v')).body).toEqual({ message: 'v' });
  });

  it('adds the throttling reason and Retry-After', () => {
    const throttled = render(new LsimError('TooManyRequestsException', 'Rate Exceeded.'));
    expect(throttled.status).toBe(429);
    expect(throttled.headers['Retry-After']).toBe('1');
    expect(throttled.body).toEqual({ Type: 'User', message: 'Rate Exceeded.', Reason: 'ConcurrentInvocationLimitExceeded' });
  });

  it('turns bugs and lsim-only codes into Lambda shapes', () => {
    expect(render(new TypeError('x is undefined'))).toMatchObject({
      status: 500,
      headers: { 'X-Amzn-ErrorType': 'ServiceException' },
      body: { Type: 'Service', Message: 'An internal error occurred in lsim serve.' },
    });
    expect(render(new LsimError('EngineUnavailable', 'no docker'))).toMatchObject({ status: 500, body: { Message: 'no docker' } });
    expect(render(new LsimError('ParamValidation', 'p'))).toMatchObject({
      status: 400,
      headers: { 'X-Amzn-ErrorType': 'InvalidParameterValueException' },
    });
    expect(render(new LsimError('UnsupportedOperation', 'u'))).toMatchObject({ status: 404, body: { Type: 'User', Message: 'u' } });
  });

  it('answers a full disk or a read-only home with a ServiceException that says so', () => {
    const full = Object.assign(new Error('ENOSPC'), { code: 'ENOSPC', syscall: 'open', path: '/h/blobs/tmp/a.zip' });
    expect(render(full)).toEqual({
      status: 500,
      headers: expect.objectContaining({ 'X-Amzn-ErrorType': 'ServiceException' }) as unknown,
      body: { Type: 'Service', Message: 'lsim could not open /h/blobs/tmp/a.zip: no space left on the device (ENOSPC).' },
    });
    expect(render(new LsimError('EnvironmentFault', 'Layer version x cannot run'))).toMatchObject({
      status: 500,
      body: { Type: 'Service', Message: 'Layer version x cannot run' },
    });
  });
});
