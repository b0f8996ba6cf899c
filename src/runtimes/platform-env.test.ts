import { describe, expect, it } from 'vitest';
import { buildPlatformEnv, type PlatformEnvInput } from './platform-env.js';
import type { RuntimeId } from './runtime-catalogue.js';

const input = (overrides: Partial<PlatformEnvInput> = {}): PlatformEnvInput => ({
  runtime: 'nodejs18.x',
  handler: 'index.handler',
  functionName: 'my-fn',
  functionVersion: '$LATEST',
  memoryMb: 128,
  region: 'eu-west-1',
  accountId: '123456789012',
  userEnv: {},
  logStream: '2024/01/02/[$LATEST]00112233445566778899aabbccddeeff',
  ...overrides,
});

const LANGUAGE_PATH = '/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin';
const LANGUAGE_LD = '/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib';

describe('buildPlatformEnv', () => {
  it('gives a nodejs function exactly the platform environment', () => {
    expect(buildPlatformEnv(input())).toEqual({
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      PATH: LANGUAGE_PATH,
      LD_LIBRARY_PATH: LANGUAGE_LD,
      AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000',
      _AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129',
      _AWS_XRAY_DAEMON_PORT: '2000',
      AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
      LAMBDA_TASK_ROOT: '/var/task',
      LAMBDA_RUNTIME_DIR: '/var/runtime',
      AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001',
      AWS_LAMBDA_FUNCTION_NAME: 'my-fn',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/my-fn',
      AWS_LAMBDA_LOG_STREAM_NAME: '2024/01/02/[$LATEST]00112233445566778899aabbccddeeff',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      _HANDLER: 'index.handler',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_SESSION_TOKEN: 'lsim-dummy-session-token-not-valid-on-aws',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs18.x',
    });
  });

  it.each<RuntimeId>(['nodejs18.x', 'nodejs22.x', 'python3.9', 'python3.13', 'ruby3.3', 'java11', 'java21'])(
    'names %s in AWS_EXECUTION_ENV',
    (runtime) => {
      const env = buildPlatformEnv(input({ runtime }));
      expect(env.AWS_EXECUTION_ENV).toBe(`AWS_Lambda_${runtime}`);
      expect(env.PATH).toBe(LANGUAGE_PATH);
      expect(env.LD_LIBRARY_PATH).toBe(LANGUAGE_LD);
    },
  );

  it.each<RuntimeId>(['provided.al2', 'provided.al2023'])('gives %s the custom-runtime paths and no AWS_EXECUTION_ENV', (runtime) => {
    const env = buildPlatformEnv(input({ runtime, handler: 'anything at all' }));
    expect(env).not.toHaveProperty('AWS_EXECUTION_ENV');
    expect(env.PATH).toBe('/usr/local/bin:/usr/bin/:/bin:/opt/bin');
    expect(env.LD_LIBRARY_PATH).toBe('/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib');
    expect(env._HANDLER).toBe('anything at all');
  });

  it('drops an AWS_EXECUTION_ENV the user set on provided: the key is reserved', () => {
    const env = buildPlatformEnv(input({ runtime: 'provided.al2', userEnv: { AWS_EXECUTION_ENV: 'AWS_Lambda_go1.x' } }));
    expect(env).not.toHaveProperty('AWS_EXECUTION_ENV');
  });

  it('never sets NODE_PATH or PYTHONPATH: the bootstraps compute them only when unset', () => {
    for (const runtime of ['nodejs20.x', 'python3.12'] as const) {
      const env = buildPlatformEnv(input({ runtime }));
      expect(env).not.toHaveProperty('NODE_PATH');
      expect(env).not.toHaveProperty('PYTHONPATH');
    }
  });

  it('sets the ruby gem variables per version', () => {
    expect(buildPlatformEnv(input({ runtime: 'ruby3.2' }))).toMatchObject({
      GEM_PATH: '/var/task/vendor/bundle/ruby/3.2.0:/opt/ruby/gems/3.2.0:/var/runtime:/var/runtime/ruby/3.2.0',
      RUBYLIB: '/var/task:/var/runtime/lib:/opt/ruby/lib',
      GEM_HOME: '/var/runtime',
    });
    expect(buildPlatformEnv(input({ runtime: 'ruby3.3' })).GEM_PATH).toBe(
      '/var/task/vendor/bundle/ruby/3.3.0:/opt/ruby/gems/3.3.0:/var/runtime:/var/runtime/ruby/3.3.0',
    );
    for (const runtime of ['nodejs18.x', 'python3.11', 'java17', 'provided.al2'] as const) {
      const env = buildPlatformEnv(input({ runtime }));
      expect(env).not.toHaveProperty('GEM_PATH');
      expect(env).not.toHaveProperty('RUBYLIB');
      expect(env).not.toHaveProperty('GEM_HOME');
    }
  });

  it('lets user values replace unreserved defaults exactly, without merging', () => {
    const env = buildPlatformEnv(
      input({
        runtime: 'ruby3.3',
        userEnv: {
          PATH: '/my/bin',
          LD_LIBRARY_PATH: '',
          TZ: 'Europe/Paris',
          LANG: 'C',
          GEM_PATH: '/opt/ruby/lib/vendor/bundle',
          RUBYLIB: '/var/task/lib',
          AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
        },
      }),
    );
    expect(env).toMatchObject({
      PATH: '/my/bin',
      LD_LIBRARY_PATH: '',
      TZ: 'Europe/Paris',
      LANG: 'C',
      GEM_PATH: '/opt/ruby/lib/vendor/bundle',
      RUBYLIB: '/var/task/lib',
      GEM_HOME: '/var/runtime',
      AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    });
  });

  it('passes the user variables the platform does not set, NODE_PATH and PYTHONPATH included', () => {
    const env = buildPlatformEnv(
      input({ userEnv: { NODE_PATH: '/var/task/lib', PYTHONPATH: '/x', NODE_OPTIONS: '--enable-source-maps', FOO: 'bar', EMPTY: '' } }),
    );
    expect(env).toMatchObject({
      NODE_PATH: '/var/task/lib',
      PYTHONPATH: '/x',
      NODE_OPTIONS: '--enable-source-maps',
      FOO: 'bar',
      EMPTY: '',
    });
  });

  it('never lets a user value override or add a reserved key', () => {
    const env = buildPlatformEnv(
      input({
        userEnv: {
          AWS_REGION: 'us-west-2',
          AWS_DEFAULT_REGION: 'us-west-2',
          _HANDLER: 'evil.handler',
          AWS_LAMBDA_RUNTIME_API: '10.0.0.1:1',
          LAMBDA_TASK_ROOT: '/tmp',
          AWS_ACCESS_KEY_ID: 'real',
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '10240',
          _X_AMZN_TRACE_ID: 'Root=1-x',
          AWS_ACCESS_KEY: 'k',
          AWS_LAMBDA_MAX_CONCURRENCY: '5',
        },
      }),
    );
    expect(env).toMatchObject({
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      _HANDLER: 'index.handler',
      AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001',
      LAMBDA_TASK_ROOT: '/var/task',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
    });
    expect(env).not.toHaveProperty('_X_AMZN_TRACE_ID');
    expect(env).not.toHaveProperty('AWS_ACCESS_KEY');
    expect(env).not.toHaveProperty('AWS_LAMBDA_MAX_CONCURRENCY');
  });

  it('keeps a __proto__ key an ordinary variable', () => {
    const userEnv: Record<string, string> = JSON.parse('{"__proto__":"x"}') as Record<string, string>;
    const env = buildPlatformEnv(input({ userEnv }));
    expect(Object.getPrototypeOf(env)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(env, '__proto__')?.value).toBe('x');
  });

  it('uses LoggingConfig.LogGroup when given', () => {
    expect(buildPlatformEnv(input({ logGroup: '/custom/group' })).AWS_LAMBDA_LOG_GROUP_NAME).toBe('/custom/group');
    expect(buildPlatformEnv(input({ logGroup: undefined })).AWS_LAMBDA_LOG_GROUP_NAME).toBe('/aws/lambda/my-fn');
  });

  it('prints the memory size as a decimal string', () => {
    expect(buildPlatformEnv(input({ memoryMb: 10240 })).AWS_LAMBDA_FUNCTION_MEMORY_SIZE).toBe('10240');
  });

  it('does not mutate its input', () => {
    const userEnv = Object.freeze({ PATH: '/x', AWS_REGION: 'y' });
    expect(() => buildPlatformEnv(input({ userEnv }))).not.toThrow();
    expect(userEnv).toEqual({ PATH: '/x', AWS_REGION: 'y' });
  });
});
