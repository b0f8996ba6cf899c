import { describe, expect, it } from 'vitest';
import { SUPPORTED_RUNTIMES, isSupportedRuntime, nearestInterpreterNote, runtimeInfo, type RuntimeId } from './runtime-catalogue.js';

describe('runtime catalogue', () => {
  it('lists exactly the runtimes lsim simulates', () => {
    expect([...SUPPORTED_RUNTIMES].sort()).toEqual(
      [
        'java8.al2',
        'java11',
        'java17',
        'java21',
        'java25',
        'nodejs18.x',
        'nodejs20.x',
        'nodejs22.x',
        'nodejs24.x',
        'provided.al2',
        'provided.al2023',
        'python3.10',
        'python3.11',
        'python3.12',
        'python3.13',
        'python3.14',
        'python3.9',
        'ruby3.2',
        'ruby3.3',
        'ruby3.4',
      ].sort(),
    );
  });

  it.each(['dotnet8', 'nodejs16.x', 'python3.8', 'java8.al2023', 'ruby4.0', 'nodejs26.x', '', 'toString', '__proto__', 'NODEJS18.X'])(
    'does not support %j',
    (id) => {
      expect(isSupportedRuntime(id)).toBe(false);
    },
  );

  it('refuses an unsupported id smuggled past the type', () => {
    expect(() => runtimeInfo('dotnet8' as RuntimeId)).toThrow('lsim does not simulate runtime dotnet8');
  });

  it.each<[RuntimeId, string, string]>([
    ['nodejs18.x', 'AL2', '2.26'],
    ['nodejs20.x', 'AL2023', '2.34'],
    ['nodejs22.x', 'AL2023', '2.34'],
    ['nodejs24.x', 'AL2023', '2.34'],
    ['python3.9', 'AL2', '2.26'],
    ['python3.10', 'AL2', '2.26'],
    ['python3.11', 'AL2', '2.26'],
    ['python3.12', 'AL2023', '2.34'],
    ['python3.13', 'AL2023', '2.34'],
    ['python3.14', 'AL2023', '2.34'],
    ['ruby3.2', 'AL2', '2.26'],
    ['ruby3.3', 'AL2023', '2.34'],
    ['ruby3.4', 'AL2023', '2.34'],
    ['java8.al2', 'AL2', '2.26'],
    ['java11', 'AL2', '2.26'],
    ['java17', 'AL2', '2.26'],
    ['java21', 'AL2023', '2.34'],
    ['java25', 'AL2023', '2.34'],
    ['provided.al2', 'AL2', '2.26'],
    ['provided.al2023', 'AL2023', '2.34'],
  ])('%s runs on %s with glibc %s', (id, os, glibc) => {
    expect(runtimeInfo(id).os).toEqual({ name: os, glibc });
    expect(runtimeInfo(id).id).toBe(id);
  });

  it('gives each family its language version pieces', () => {
    expect(runtimeInfo('nodejs18.x')).toMatchObject({ family: 'nodejs', nodeMajor: 18 });
    expect(runtimeInfo('nodejs20.x')).toMatchObject({ family: 'nodejs', nodeMajor: 20 });
    expect(runtimeInfo('nodejs22.x')).toMatchObject({ family: 'nodejs', nodeMajor: 22 });
    expect(runtimeInfo('python3.9')).toMatchObject({ family: 'python', pythonVersion: '3.9' });
    expect(runtimeInfo('python3.10')).toMatchObject({ family: 'python', pythonVersion: '3.10' });
    expect(runtimeInfo('python3.13')).toMatchObject({ family: 'python', pythonVersion: '3.13' });
    expect(runtimeInfo('ruby3.2')).toMatchObject({ family: 'ruby', rubyVersion: '3.2.0' });
    expect(runtimeInfo('ruby3.3')).toMatchObject({ family: 'ruby', rubyVersion: '3.3.0' });
    expect(runtimeInfo('java11')).toMatchObject({ family: 'java', javaMajor: 11 });
    expect(runtimeInfo('java21')).toMatchObject({ family: 'java', javaMajor: 21 });
    expect(runtimeInfo('provided.al2023')).toMatchObject({ family: 'provided' });
  });

  it("runs each runtime id's own interpreter, or says which nearest one it runs", () => {
    expect(runtimeInfo('nodejs22.x').interpreter).toMatchObject({
      command: 'node',
      version: expect.stringMatching(/^22\.\d+\.\d+$/),
      exact: true,
    });
    expect(runtimeInfo('nodejs18.x').interpreter?.version).toMatch(/^18\./);
    expect(runtimeInfo('python3.9').interpreter).toMatchObject({ command: 'python3', version: '3.9', exact: true });
    expect(runtimeInfo('python3.13').interpreter).toMatchObject({ version: '3.13', exact: true });
    expect(runtimeInfo('python3.12').interpreter).toMatchObject({ version: '3.13', exact: false });
    expect(runtimeInfo('python3.10').interpreter).toMatchObject({ version: '3.11', exact: false });
    expect(runtimeInfo('ruby3.3').interpreter).toMatchObject({ command: 'ruby', version: '3.3', exact: true });
    expect(runtimeInfo('ruby3.2').interpreter).toMatchObject({ version: '3.3', exact: false });
    expect(runtimeInfo('java11').interpreter).toMatchObject({ command: 'java', version: '11', exact: true });
    expect(runtimeInfo('java17').interpreter).toMatchObject({ command: 'java', version: '17', exact: true });
    expect(runtimeInfo('java21').interpreter).toMatchObject({ version: '21', exact: true });
    expect(runtimeInfo('provided.al2').interpreter).toBeNull();
    expect(runtimeInfo('nodejs24.x').interpreter).toMatchObject({ version: expect.stringMatching(/^24\./), exact: true });
    expect(runtimeInfo('python3.14').interpreter).toMatchObject({ version: '3.14', exact: true, source: 'Debian sid python3.14' });
    expect(runtimeInfo('ruby3.4').interpreter).toMatchObject({ version: '3.4', exact: true, source: 'Debian experimental ruby3.4' });
    expect(runtimeInfo('java25').interpreter).toMatchObject({ version: '25', exact: true });
    expect(runtimeInfo('java8.al2').interpreter).toMatchObject({ version: '11', exact: false });
    expect(nearestInterpreterNote('java8.al2')).toContain('lsim runs java8.al2 on java 11 (Debian bullseye openjdk-11)');
    expect(nearestInterpreterNote('python3.13')).toBeUndefined();
    expect(nearestInterpreterNote('ruby3.2')).toContain('lsim runs ruby3.2 on ruby 3.3 (Debian trixie ruby3.3)');
  });
});
