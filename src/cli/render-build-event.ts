import type { ImageBuildEvent } from '../images/image-build-event.js';

/**
 * One progress line per build stage on stderr: what is being built, then how long it took. The
 * tools' own output is shown only as the last line of each stage, so a build stays readable.
 */
export function renderBuildEvent(event: ImageBuildEvent): string {
  switch (event.type) {
    case 'start':
      return `lsim: building image ${event.tag} (${event.stage}; first time only)\n`;
    case 'waiting':
      return `lsim: waiting for another lsim process (pid ${event.holderPid ?? '?'}) building ${event.tag}\n`;
    case 'built':
      return `lsim: built ${event.tag} in ${(event.durationMs / 1000).toFixed(1)} s\n`;
    case 'cached':
    case 'output':
      return '';
  }
}
