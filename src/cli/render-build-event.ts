import type { ImageBuildEvent } from '../images/image-build-event.js';

/**
 * Progress of a build on stderr: what is being built, its coarse steps with the time since the stage
 * began (a first build takes minutes: the user sees it move), then how long it took. The tools' own
 * output is not shown line by line, so a build stays readable.
 */
export function renderBuildEvent(event: ImageBuildEvent): string {
  switch (event.type) {
    case 'start':
      return `lsim: building image ${event.tag} (${event.stage}; first time only)\n`;
    case 'waiting':
      return `lsim: waiting for another lsim process (pid ${event.holderPid ?? '?'}) building ${event.tag}\n`;
    case 'step':
      return `lsim:   ${event.stage} ${(event.elapsedMs / 1000).toFixed(0).padStart(4)} s  ${event.step}\n`;
    case 'built':
      return `lsim: built ${event.tag} in ${(event.durationMs / 1000).toFixed(1)} s\n`;
    case 'pull-start':
      return `lsim: pulling image ${event.tag} (not on the engine yet)\n`;
    case 'pull-output':
      // One line per layer as it lands, not the engine's byte-count ticks.
      return /: (Waiting|Downloading|Extracting|Verifying Checksum|Pulling fs layer)$/.test(event.line) ? '' : `lsim:   ${event.line}\n`;
    case 'pulled':
      return `lsim: pulled ${event.tag} in ${(event.durationMs / 1000).toFixed(1)} s\n`;
    case 'cached':
    case 'output':
      return '';
  }
}
