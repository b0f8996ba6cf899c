import { describe, expect, it } from 'vitest';
import { LsimError } from '../common/errors.js';
import { renderError, USAGE_BANNER } from './render-error.js';
import { UsageError } from './usage-error.js';

describe('renderError', () => {
  it('renders Lambda errors as the aws CLI does, exit 254', () => {
    const error = new LsimError('InvalidParameterValueException', 'Cannot reference more than 5 layers.');
    expect(renderError(error, 'CreateFunction', false)).toEqual({
      stderr:
        '\nlsim: [ERROR]: An error occurred (InvalidParameterValueException) when calling the CreateFunction operation: ' +
        'Cannot reference more than 5 layers.\n\nAdditional error details:\nType: User\n',
      exitCode: 254,
    });
  });

  it('renders parameter errors with exit 252, usage errors before the banner and unknown options after it', () => {
    expect(renderError(new LsimError('ParamValidation', 'bad'), 'X', false)).toEqual({
      stderr: '\nlsim: [ERROR]: An error occurred (ParamValidation): bad\n',
      exitCode: 252,
    });
    expect(renderError(new UsageError('the following arguments are required: --layer-name'), undefined, false)).toEqual({
      stderr: `\nlsim: [ERROR]: An error occurred (ParamValidation): the following arguments are required: --layer-name\n\n${USAGE_BANNER}`,
      exitCode: 252,
    });
    expect(renderError(new UsageError('Unknown options: --foo'), undefined, false)).toEqual({
      stderr: `\n${USAGE_BANNER}\n\nlsim: [ERROR]: Unknown options: --foo\n`,
      exitCode: 252,
    });
  });

  it('has no error details for a ValidationException, whose body has no Type', () => {
    expect(renderError(new LsimError('ValidationException', '1 validation error detected: x'), 'ListLayers', false).stderr).toBe(
      '\nlsim: [ERROR]: An error occurred (ValidationException) when calling the ListLayers operation: 1 validation error detected: x\n',
    );
  });

  it('gives 253 for a missing engine and 255 for other lsim failures', () => {
    expect(renderError(new LsimError('EngineUnavailable', 'no docker'), 'Invoke', false).exitCode).toBe(253);
    expect(renderError(new LsimError('ImageBuildFailed', 'build failed'), 'Invoke', false).exitCode).toBe(255);
  });

  it('treats anything else as a bug, with the stack only under --debug', () => {
    const bug = new TypeError('x is undefined');
    const quiet = renderError(bug, 'ListLayers', false);
    expect(quiet.exitCode).toBe(255);
    expect(quiet.stderr).toContain('lsim: unexpected error: x is undefined');
    expect(quiet.stderr).toContain('Please report');
    expect(quiet.stderr).not.toContain('at ');
    expect(renderError(bug, 'ListLayers', true).stderr).toContain(bug.stack);
  });
});

describe('environment faults', () => {
  const systemError = (code: string, syscall: string, path?: string): Error =>
    Object.assign(new Error(`${code}: ${syscall}`), { code, syscall, ...(path === undefined ? {} : { path }) });

  it('names the path and the cause of a full disk or a read-only home, exit 253, no bug report', () => {
    const full = renderError(systemError('ENOSPC', 'write'), 'PublishLayerVersion', false, '/srv/lsim');
    expect(full).toEqual({
      stderr:
        '\nlsim: [ERROR]: An error occurred (ServiceException) when calling the PublishLayerVersion operation: ' +
        'lsim could not write under LSIM_HOME (/srv/lsim): no space left on the device (ENOSPC).\n',
      exitCode: 253,
    });
    const readOnly = renderError(systemError('EROFS', 'open', '/srv/lsim/blobs/tmp/x.zip'), 'CreateFunction', false, '/srv/lsim');
    expect(readOnly.stderr).toContain('lsim could not open /srv/lsim/blobs/tmp/x.zip: the filesystem is read-only (EROFS).');
    expect(readOnly.stderr).not.toContain('bug');
    expect(renderError(systemError('EACCES', 'mkdir', '/srv/lsim'), 'ListLayers', false).exitCode).toBe(253);
    const sqlite = Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' });
    expect(renderError(sqlite, 'ListLayers', false, '/srv/lsim').stderr).toContain(
      'lsim could not use its registry under LSIM_HOME (/srv/lsim): the database is read-only',
    );
  });

  it('leaves other failures to the bug report', () => {
    expect(renderError(systemError('ECONNRESET', 'read'), 'Invoke', false).exitCode).toBe(255);
  });
});
