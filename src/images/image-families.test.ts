import { describe, expect, it } from 'vitest';
import { IMAGE_FAMILIES, familyOfRuntime, isImageFamily, runtimesOfFamily } from './image-families.js';

describe('image families', () => {
  it('maps every supported runtime id to its family', () => {
    expect(runtimesOfFamily('nodejs')).toEqual(['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x']);
    expect(runtimesOfFamily('python')).toEqual(['python3.9', 'python3.10', 'python3.11', 'python3.12', 'python3.13', 'python3.14']);
    expect(runtimesOfFamily('ruby')).toEqual(['ruby3.2', 'ruby3.3', 'ruby3.4']);
    expect(runtimesOfFamily('java')).toEqual(['java8.al2', 'java11', 'java17', 'java21', 'java25']);
    expect(runtimesOfFamily('provided')).toEqual(['provided.al2', 'provided.al2023']);
    expect(IMAGE_FAMILIES.flatMap(runtimesOfFamily)).toHaveLength(20);
  });

  it('has no family for runtimes without an image, nor for inherited object keys', () => {
    expect(familyOfRuntime('dotnet8')).toBeUndefined();
    expect(familyOfRuntime('nodejs16.x')).toBeUndefined();
    expect(familyOfRuntime('toString')).toBeUndefined();
    expect(familyOfRuntime('python3.12')).toBe('python');
    expect(isImageFamily('java')).toBe(true);
    expect(isImageFamily('base')).toBe(false);
  });
});
