import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../common/config.js';
import { awsBaseImage, userImageFor } from './aws-base-image.js';
import { SUPPORTED_RUNTIMES } from './runtime-catalogue.js';

describe('AWS base images per runtime id', () => {
  it('names public.ecr.aws/lambda/<family>:<tag> as AWS tags them (docs/aws-base-images.md)', () => {
    const images = Object.fromEntries(SUPPORTED_RUNTIMES.map((runtime) => [runtime, awsBaseImage(runtime, 'public.ecr.aws')]));
    expect(images).toEqual({
      'nodejs18.x': 'public.ecr.aws/lambda/nodejs:18',
      'nodejs20.x': 'public.ecr.aws/lambda/nodejs:20',
      'nodejs22.x': 'public.ecr.aws/lambda/nodejs:22',
      'nodejs24.x': 'public.ecr.aws/lambda/nodejs:24',
      'python3.9': 'public.ecr.aws/lambda/python:3.9',
      'python3.10': 'public.ecr.aws/lambda/python:3.10',
      'python3.11': 'public.ecr.aws/lambda/python:3.11',
      'python3.12': 'public.ecr.aws/lambda/python:3.12',
      'python3.13': 'public.ecr.aws/lambda/python:3.13',
      'python3.14': 'public.ecr.aws/lambda/python:3.14',
      'ruby3.2': 'public.ecr.aws/lambda/ruby:3.2',
      'ruby3.3': 'public.ecr.aws/lambda/ruby:3.3',
      'ruby3.4': 'public.ecr.aws/lambda/ruby:3.4',
      'java8.al2': 'public.ecr.aws/lambda/java:8.al2',
      java11: 'public.ecr.aws/lambda/java:11',
      java17: 'public.ecr.aws/lambda/java:17',
      java21: 'public.ecr.aws/lambda/java:21',
      java25: 'public.ecr.aws/lambda/java:25',
      'provided.al2': 'public.ecr.aws/lambda/provided:al2',
      'provided.al2023': 'public.ecr.aws/lambda/provided:al2023',
    });
  });

  it('takes the registry (a mirror with a prefix) from LSIM_AWS_IMAGE_REGISTRY, only when the switch is on', () => {
    const env = { LSIM_AWS_IMAGE_REGISTRY: 'mirror.local:5000/ecr-public/' };
    expect(userImageFor(resolveConfig({}, env), 'java21')).toBeUndefined();
    expect(userImageFor(resolveConfig({ preferAwsImages: true }, env), 'java21')).toEqual({
      ref: 'mirror.local:5000/ecr-public/lambda/java:21',
      source: 'aws',
    });
    expect(userImageFor(resolveConfig({ preferAwsImages: true }, env), 'java21', 'mine:1')).toEqual({ ref: 'mine:1', source: 'flag' });
  });
});
