import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.js';
import { readAwsProfiles } from './aws-config-file.js';

const FILE = `# comment
[default]
region = eu-west-1
output = yaml

[profile dev]
region=ap-south-1
s3 =
  max_concurrent_requests = 20
; another comment
[sso-session x]
region = nowhere
`;
const readFile = (path: string): string | undefined => (path === '/cfg' ? FILE : undefined);

describe('the aws CLI config file', () => {
  it('reads [default] and [profile NAME] sections, skipping nested blocks and other sections', () => {
    const profiles = readAwsProfiles({ AWS_CONFIG_FILE: '/cfg' }, readFile);
    expect([...profiles.keys()]).toEqual(['default', 'dev']);
    expect(profiles.get('dev')).toEqual({ region: 'ap-south-1', s3: '' });
  });

  it('resolves region and output as the aws CLI: flag, environment, profile, default', () => {
    const env = { AWS_CONFIG_FILE: '/cfg' };
    expect(resolveConfig({}, env, { readFile })).toMatchObject({ region: 'eu-west-1', output: 'yaml', profile: 'default' });
    expect(resolveConfig({}, { ...env, AWS_PROFILE: 'dev' }, { readFile })).toMatchObject({ region: 'ap-south-1', output: 'json' });
    expect(resolveConfig({ profile: 'dev', region: 'us-west-2' }, { ...env, AWS_DEFAULT_OUTPUT: 'text' }, { readFile })).toMatchObject({
      region: 'us-west-2',
      output: 'text',
    });
    expect(resolveConfig({}, { ...env, AWS_REGION: 'ca-central-1' }, { readFile }).region).toBe('ca-central-1');
    expect(() => resolveConfig({ profile: 'nope' }, env, { readFile })).toThrow('The config profile (nope) could not be found');
    expect(resolveConfig({}, { AWS_CONFIG_FILE: '/missing' }, { readFile })).toMatchObject({ region: 'us-east-1', output: 'json' });
  });
});
