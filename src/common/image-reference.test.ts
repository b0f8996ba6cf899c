import { describe, expect, it } from 'vitest';
import { isImageReference } from './image-reference.js';

describe('isImageReference', () => {
  it('accepts what engines pull: registries with ports, paths, tags, digests', () => {
    for (const ref of [
      'public.ecr.aws/lambda/python:3.12',
      'public.ecr.aws/lambda/java:8.al2',
      '127.0.0.1:5000/lambda/provided:al2023',
      'mirror.example.com/aws/lambda/nodejs:22',
      'python',
      'my-user/my_image:1.0-rc',
      `registry:5000/x@sha256:${'a'.repeat(64)}`,
      '[::1]:5000/lambda/ruby:3.3',
    ]) {
      expect(isImageReference(ref), ref).toBe(true);
    }
  });

  it('refuses spaces, upper-case repositories, empty parts and bad tags', () => {
    for (const ref of ['BAD IMAGE', 'Public/Lambda:1', 'a//b', 'x:', ':tag', 'x:-tag', 'x/', `x:${'t'.repeat(129)}`, '']) {
      expect(isImageReference(ref), ref).toBe(false);
    }
  });
});
