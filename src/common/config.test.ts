import { describe, expect, it } from 'vitest';
import { engineAddresses, resolveConfig, runtimeImage, wayBackToOwnImages, withEngineFlags } from './config.js';

describe('resolveConfig', () => {
  it('uses the defaults when nothing is set', () => {
    const config = resolveConfig({}, { HOME: '/home/u' });
    expect(config.accountId).toBe('123456789012');
    expect(config.region).toBe('us-east-1');
    expect(config.orgId).toBeUndefined();
    expect(config.dockerHost).toBeUndefined();
    expect(config.imageOverrides).toEqual({});
  });

  it('takes the region from --region, then AWS_REGION, then AWS_DEFAULT_REGION', () => {
    const env = { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'ap-south-1' };
    expect(resolveConfig({ region: 'us-west-2' }, env).region).toBe('us-west-2');
    expect(resolveConfig({}, env).region).toBe('eu-west-1');
    expect(resolveConfig({}, { AWS_DEFAULT_REGION: 'ap-south-1' }).region).toBe('ap-south-1');
    expect(resolveConfig({}, { AWS_REGION: '' }).region).toBe('us-east-1');
  });

  it('reads LSIM_HOME, LSIM_ACCOUNT_ID, LSIM_ORG_ID and DOCKER_HOST, flags first', () => {
    const env = { LSIM_HOME: '/data/lsim', LSIM_ACCOUNT_ID: '210987654321', LSIM_ORG_ID: 'o-abcdefghij', DOCKER_HOST: 'tcp://x:2375' };
    const config = resolveConfig({}, env);
    expect(config).toMatchObject({ home: '/data/lsim', accountId: '210987654321', orgId: 'o-abcdefghij', dockerHost: 'tcp://x:2375' });
    expect(resolveConfig({ home: '/other', dockerHost: 'unix:///s.sock' }, env)).toMatchObject({
      home: '/other',
      dockerHost: 'unix:///s.sock',
    });
  });

  it('collects LSIM_IMAGE_<FAMILY> overrides, with --image winning for its family', () => {
    const env = { LSIM_IMAGE_PYTHON: 'public.ecr.aws/lambda/python:3.12', LSIM_IMAGE_NODEJS: '' };
    expect(resolveConfig({}, env).imageOverrides).toEqual({ python: 'public.ecr.aws/lambda/python:3.12' });
    const config = resolveConfig({}, env);
    expect(runtimeImage(config, 'python', 'mine:1', 'aws:1')).toEqual({ ref: 'mine:1', source: 'flag' });
    expect(runtimeImage(config, 'python', undefined, 'aws:1')).toEqual({ ref: 'public.ecr.aws/lambda/python:3.12', source: 'env' });
    expect(runtimeImage(config, 'nodejs', undefined, 'aws:1')).toBeUndefined();
  });

  it('prefers AWS base images for every family without an image of its own when the switch is on', () => {
    const env = { LSIM_PREFER_AWS_IMAGES: '1', LSIM_IMAGE_PYTHON: 'mine:2' };
    const config = resolveConfig({}, env);
    expect(config.preferAwsImages).toBe(true);
    expect(config.awsImageRegistry).toBe('public.ecr.aws');
    expect(runtimeImage(config, 'nodejs', undefined, 'aws:1')).toEqual({ ref: 'aws:1', source: 'aws' });
    expect(runtimeImage(config, 'python', undefined, 'aws:1')).toEqual({ ref: 'mine:2', source: 'env' });
    expect(resolveConfig({ preferAwsImages: false }, env).preferAwsImages).toBe(false);
    expect(resolveConfig({ preferAwsImages: true }, {}).preferAwsImages).toBe(true);
    expect(resolveConfig({}, {}).preferAwsImages).toBe(false);
    expect(resolveConfig({}, { LSIM_AWS_IMAGE_REGISTRY: ' 127.0.0.1:5000/mirror/ ' }).awsImageRegistry).toBe('127.0.0.1:5000/mirror');
    expect(runtimeImage(resolveConfig({}, {}), 'nodejs', undefined, 'aws:1')).toBeUndefined();
  });

  it('refuses an image reference the engine would refuse, naming the setting', () => {
    const config = resolveConfig({}, { LSIM_IMAGE_RUBY: 'Not An Image', LSIM_PREFER_AWS_IMAGES: '1', LSIM_AWS_IMAGE_REGISTRY: 'bad host' });
    expect(() => runtimeImage(config, 'python', 'BAD IMAGE', 'x')).toThrow(/^--image BAD IMAGE is not an image reference/);
    expect(() => runtimeImage(config, 'ruby', undefined, 'x')).toThrow(/^LSIM_IMAGE_RUBY=Not An Image is not/);
    expect(() => runtimeImage(config, 'java', undefined, 'bad host/lambda/java:21')).toThrow(/^LSIM_AWS_IMAGE_REGISTRY=bad host does not/);
  });

  it("says how to go back to lsim's own images for each way an image was chosen", () => {
    expect(wayBackToOwnImages({ ref: 'x', source: 'flag' }, 'python')).toContain('drop --image');
    expect(wayBackToOwnImages({ ref: 'x', source: 'env' }, 'python')).toContain('unset LSIM_IMAGE_PYTHON');
    expect(wayBackToOwnImages({ ref: 'x', source: 'aws' }, 'python')).toContain('LSIM_PREFER_AWS_IMAGES');
  });

  it('reads LSIM_PORTABLE_MOUNTS as a boolean, the flag first, off by default', () => {
    expect(resolveConfig({}, {}).portableMounts).toBe(false);
    expect(resolveConfig({}, { LSIM_PORTABLE_MOUNTS: '1' }).portableMounts).toBe(true);
    expect(resolveConfig({}, { LSIM_PORTABLE_MOUNTS: 'TRUE' }).portableMounts).toBe(true);
    expect(resolveConfig({}, { LSIM_PORTABLE_MOUNTS: '0' }).portableMounts).toBe(false);
    expect(resolveConfig({}, { LSIM_PORTABLE_MOUNTS: '' }).portableMounts).toBe(false);
    expect(resolveConfig({}, { LSIM_PORTABLE_MOUNTS: 'maybe' }).portableMounts).toBe(false);
    expect(resolveConfig({ portableMounts: false }, { LSIM_PORTABLE_MOUNTS: '1' }).portableMounts).toBe(false);
    expect(resolveConfig({ portableMounts: true }, {}).portableMounts).toBe(true);
  });

  it('reads LSIM_CREDENTIALS as access key id to secret, the flag first, none by default', () => {
    expect(resolveConfig({}, {}).credentials.size).toBe(0);
    const env = { LSIM_CREDENTIALS: ' AKIDEXAMPLE:wJalr/K7MDENG+bPxRfiCY, 111122223333:se:cret ,broken,:nokey,noSecret:' };
    expect([...resolveConfig({}, env).credentials]).toEqual([
      ['AKIDEXAMPLE', 'wJalr/K7MDENG+bPxRfiCY'],
      ['111122223333', 'se:cret'],
    ]);
    expect([...resolveConfig({ credentials: 'FLAG:secret' }, env).credentials]).toEqual([['FLAG', 'secret']]);
    expect(resolveConfig({ credentials: '' }, env).credentials.size).toBe(2);
    expect(resolveConfig({}, { LSIM_CREDENTIALS: '' }).credentials.size).toBe(0);
  });

  it('reads the sandbox pool size: a count, 0 or off to turn it off, 2 otherwise', () => {
    expect(resolveConfig({}, {}).sandboxPool).toBe(2);
    expect(resolveConfig({}, { LSIM_SANDBOX_POOL: '5' }).sandboxPool).toBe(5);
    expect(resolveConfig({}, { LSIM_SANDBOX_POOL: 'off' }).sandboxPool).toBe(0);
    expect(resolveConfig({}, { LSIM_SANDBOX_POOL: '0' }).sandboxPool).toBe(0);
    expect(resolveConfig({}, { LSIM_SANDBOX_POOL: '99' }).sandboxPool).toBe(16);
    expect(resolveConfig({}, { LSIM_SANDBOX_POOL: 'many' }).sandboxPool).toBe(2);
  });

  it("reads the pool's engines from LSIM_ENGINES, replaced by --engine, else the one engine of DOCKER_HOST", () => {
    const none = resolveConfig({}, { DOCKER_HOST: 'unix:///run/a.sock' });
    expect(none.engines).toEqual([]);
    expect(engineAddresses(none)).toEqual(['unix:///run/a.sock']);
    expect(engineAddresses(resolveConfig({}, {}))).toEqual([undefined]);
    const env = resolveConfig(
      {},
      { DOCKER_HOST: 'unix:///run/a.sock', LSIM_ENGINES: ' unix:///run/a.sock, tcp://10.0.0.2:2375,,unix:///run/a.sock ' },
    );
    expect(engineAddresses(env)).toEqual(['unix:///run/a.sock', 'tcp://10.0.0.2:2375']);
    expect(engineAddresses(withEngineFlags(env, ['ssh://ci@build-1']))).toEqual(['ssh://ci@build-1']);
    expect(withEngineFlags(env, [])).toBe(env);
    expect(() => resolveConfig({}, { LSIM_ENGINES: 'localhost:2375' })).toThrow(
      /^LSIM_ENGINES: localhost:2375 is not an engine address \(unix:\/\/\/path, /,
    );
    expect(() => withEngineFlags(env, ['/var/run/docker.sock'])).toThrow(/^--engine \/var\/run\/docker.sock is not an engine address/);
  });
});
