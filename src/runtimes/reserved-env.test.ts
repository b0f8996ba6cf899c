import { describe, expect, it } from 'vitest';
import { LsimError } from '../common/errors.js';
import { RESERVED_ENV_KEYS, findReservedKeys, isReservedEnvKey, reservedKeysError } from './reserved-env.js';

describe('reserved environment keys', () => {
  it('holds the documented list (docs/lambda-facts.md#reserved-variables)', () => {
    expect([...RESERVED_ENV_KEYS].sort()).toEqual(
      [
        '_HANDLER',
        '_X_AMZN_TRACE_ID',
        'AWS_DEFAULT_REGION',
        'AWS_REGION',
        'AWS_EXECUTION_ENV',
        'AWS_LAMBDA_FUNCTION_NAME',
        'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
        'AWS_LAMBDA_FUNCTION_VERSION',
        'AWS_LAMBDA_INITIALIZATION_TYPE',
        'AWS_LAMBDA_LOG_GROUP_NAME',
        'AWS_LAMBDA_LOG_STREAM_NAME',
        'AWS_ACCESS_KEY',
        'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY',
        'AWS_SESSION_TOKEN',
        'AWS_LAMBDA_RUNTIME_API',
        'LAMBDA_TASK_ROOT',
        'LAMBDA_RUNTIME_DIR',
        'AWS_LAMBDA_MAX_CONCURRENCY',
      ].sort(),
    );
  });

  it.each([
    'LANG',
    'PATH',
    'LD_LIBRARY_PATH',
    'NODE_PATH',
    'NODE_OPTIONS',
    'PYTHONPATH',
    'GEM_PATH',
    'RUBYLIB',
    'AWS_XRAY_CONTEXT_MISSING',
    'AWS_XRAY_DAEMON_ADDRESS',
    'AWS_LAMBDA_DOTNET_PREJIT',
    'TZ',
    'AWS_LAMBDA_EXEC_WRAPPER',
    'AWS_LAMBDA_LOG_FORMAT',
    'AWS_LAMBDA_LOG_LEVEL',
    'aws_region',
    'JAVA_TOOL_OPTIONS',
  ])('leaves %s to the user', (key) => {
    expect(isReservedEnvKey(key)).toBe(false);
  });

  it('finds reserved keys in the order the caller gave them', () => {
    expect(findReservedKeys({ FOO: '1', AWS_REGION: 'x', BAR: '', _HANDLER: 'h', LAMBDA_TASK_ROOT: '/' })).toEqual([
      'AWS_REGION',
      '_HANDLER',
      'LAMBDA_TASK_ROOT',
    ]);
    expect(findReservedKeys({})).toEqual([]);
    expect(findReservedKeys({ PATH: '/bin', TZ: 'Europe/Paris' })).toEqual([]);
  });

  it("builds Lambda's rejection", () => {
    const error = reservedKeysError(['AWS_REGION', '_HANDLER']);
    expect(error).toBeInstanceOf(LsimError);
    expect(error.code).toBe('InvalidParameterValueException');
    expect(error.message).toBe(
      'Lambda was unable to configure your environment variables because the environment variables you have ' +
        'provided contains reserved keys that are currently not supported for modification. Reserved keys used ' +
        'in this request: AWS_REGION, _HANDLER',
    );
  });
});
