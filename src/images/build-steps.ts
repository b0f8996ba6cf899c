/**
 * Turns the tools' output into the few lines worth showing during a minutes-long first build: each of
 * mmdebstrap's phases ("I: installing remaining packages inside the chroot..."), a count of the packages
 * dpkg has set up every `PACKAGE_STRIDE` of them (the longest phase is hundreds of those), and each
 * Dockerfile step ("Step 3/7 : RUN ..."). Everything else is left out.
 */

/** mmdebstrap info lines that say nothing about where the build is. */
const QUIET_INFO = /^I: (automatically chosen|chroot architecture|finding correct|using .* as tempdir|running --\w+-hook|skipping )/;
const PACKAGE_STRIDE = 25;
const STEP_CHARS = 100;

export class BuildSteps {
  private packagesSetUp = 0;

  /** The step `line` starts, or undefined when it starts none. */
  step(line: string): string | undefined {
    if (line.startsWith('Setting up ')) {
      this.packagesSetUp += 1;
      return this.packagesSetUp % PACKAGE_STRIDE === 0 ? `${this.packagesSetUp} packages set up` : undefined;
    }
    if (line.startsWith('I: ') && !QUIET_INFO.test(line)) {
      const count = this.packagesSetUp === 0 ? '' : ` (${this.packagesSetUp} packages set up)`;
      return `${line.slice(3)}${count}`;
    }
    const step = /^Step \d+\/\d+ : .*/.exec(line.trim());
    if (step === null) return undefined;
    return step[0].length > STEP_CHARS ? `${step[0].slice(0, STEP_CHARS - 3)}...` : step[0];
  }
}
