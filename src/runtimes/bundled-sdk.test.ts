import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultImagesDir } from '../images/images-dir.js';
import { NODE_RUNTIME_PACKAGES, NODE_SDK_PACKAGES, bundledSdkBuildArgs, bundledSdkDebianPackages, pythonSdkDir } from './bundled-sdk.js';

interface Lock {
  packages: Record<string, { version?: string; dependencies?: Record<string, string> }>;
}
const sdkFile = (name: string): string => readFileSync(`${defaultImagesDir()}/nodejs/aws-sdk/${name}`, 'utf8');

describe('the bundled AWS SDK for JavaScript', () => {
  it('is the lockfile the nodejs image installs, package for package', () => {
    const lock = JSON.parse(sdkFile('package-lock.json')) as Lock;
    const manifest = JSON.parse(sdkFile('package.json')) as { dependencies: Record<string, string> };
    expect(manifest.dependencies).toEqual(NODE_SDK_PACKAGES);
    expect(lock.packages['']?.dependencies).toEqual(NODE_SDK_PACKAGES);
    const topLevel = Object.keys(lock.packages)
      .filter((path) => path.startsWith('node_modules/'))
      .map((path) => path.slice('node_modules/'.length));
    expect([...NODE_RUNTIME_PACKAGES].sort()).toEqual(topLevel.sort());
  });

  it('includes the clients the docs name', () => {
    for (const name of ['@aws-sdk/client-s3', '@aws-sdk/client-lambda', '@aws-sdk/lib-dynamodb', '@aws-sdk/credential-providers']) {
      expect(NODE_SDK_PACKAGES[name]).toMatch(/^3\.\d+\.\d+$/);
    }
  });
});

describe('boto3', () => {
  it('lives where Lambda keeps it for the minor version', () => {
    expect(pythonSdkDir('3.9')).toBe('/var/runtime');
    expect(pythonSdkDir('3.12')).toBe('/var/lang/lib/python3.12/site-packages');
    expect(bundledSdkBuildArgs('python', { PYTHON_NAMES: 'python3.12 python3.13' })).toEqual({
      SDK_MODULES: 'boto3 botocore s3transfer jmespath dateutil urllib3 six?',
      SDK_DIRS: '/var/lang/lib/python3.12/site-packages /var/lang/lib/python3.13/site-packages',
    });
    expect(bundledSdkDebianPackages('python')).toEqual(['python3-boto3']);
  });
});

describe('the Ruby gems', () => {
  it('come from Debian ruby-<gem> packages', () => {
    expect(bundledSdkDebianPackages('ruby')).toContain('ruby-aws-sdk-core');
    expect(bundledSdkDebianPackages('java')).toEqual([]);
  });
});
