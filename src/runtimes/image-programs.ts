/**
 * What Lambda's image for a runtime id has for a script's `#!` line to run: the base system's programs
 * and the family's interpreters (docs/doctor-extensions.md#interpreters-in-the-runtime-image). Lambda's,
 * not lsim's Debian images, which hold more (docs/deviations.md#programs-in-the-runtime-images).
 */
import { OS_PROGRAMS } from './families/family-types.js';
import { familyRules } from './families/index.js';
import { runtimeInfo, type RuntimeId } from './runtime-catalogue.js';

/** Absolute paths; /bin/x and /usr/bin/x alike, as /bin links to /usr/bin on AL2 and AL2023. */
export function imagePrograms(runtime: RuntimeId): ReadonlySet<string> {
  const system = OS_PROGRAMS.flatMap((name) => [`/usr/bin/${name}`, `/bin/${name}`]);
  return new Set([...system, ...familyRules(runtimeInfo(runtime)).interpreters()]);
}
