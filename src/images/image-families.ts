/**
 * Which runtime image serves which Lambda runtime id, and what actually runs inside. The images use
 * Debian bookworm's interpreters whatever the runtime id asks for (images/README.md); paths and
 * variables still follow the runtime id, so layer path rules behave as on Lambda.
 */

export const IMAGE_FAMILIES = ['nodejs', 'python', 'ruby', 'java', 'provided'] as const;
export type ImageFamily = (typeof IMAGE_FAMILIES)[number];

const RUNTIME_FAMILIES: Readonly<Record<string, ImageFamily>> = {
  'nodejs18.x': 'nodejs',
  'nodejs20.x': 'nodejs',
  'nodejs22.x': 'nodejs',
  'python3.9': 'python',
  'python3.10': 'python',
  'python3.11': 'python',
  'python3.12': 'python',
  'python3.13': 'python',
  'ruby3.2': 'ruby',
  'ruby3.3': 'ruby',
  java11: 'java',
  java17: 'java',
  java21: 'java',
  'provided.al2': 'provided',
  'provided.al2023': 'provided',
};

/** The interpreter each family really runs, for the README and `lsim images` output. */
export const FAMILY_INTERPRETERS: Readonly<Record<ImageFamily, string>> = {
  nodejs: 'Node.js 18.20 (Debian bookworm nodejs)',
  python: 'CPython 3.11 (Debian bookworm python3)',
  ruby: 'Ruby 3.1 (Debian bookworm ruby)',
  java: 'OpenJDK 17 (Debian bookworm openjdk-17-jdk-headless)',
  provided: 'none: the function or a layer brings its own bootstrap (sh and curl available)',
};

/** Runtime ids lsim can run, in the order above. */
export const SUPPORTED_RUNTIMES: readonly string[] = Object.keys(RUNTIME_FAMILIES);

export function isImageFamily(value: string): value is ImageFamily {
  return (IMAGE_FAMILIES as readonly string[]).includes(value);
}

/** The family serving `runtime`, or undefined for a runtime lsim has no image for (dotnet, java8.al2...). */
export function familyOfRuntime(runtime: string): ImageFamily | undefined {
  return Object.hasOwn(RUNTIME_FAMILIES, runtime) ? RUNTIME_FAMILIES[runtime] : undefined;
}

export function runtimesOfFamily(family: ImageFamily): string[] {
  return SUPPORTED_RUNTIMES.filter((runtime) => RUNTIME_FAMILIES[runtime] === family);
}
