/**
 * What lsim knows of one registered extension, shared by the Extensions API and the APIs built on
 * its registration (Telemetry, Logs): docs/extensions.md.
 */

/** The events an extension can register for (docs/extensions.md#register). */
export const EXTENSION_EVENT_TYPES = ['INVOKE', 'SHUTDOWN'] as const;
export type ExtensionEventType = (typeof EXTENSION_EVENT_TYPES)[number];

/** RAPID's agent state names, as the EXTENSION log line and 403 bodies spell them. */
export type ExtensionState = 'Registered' | 'Ready' | 'Running' | 'InitError' | 'ExitError' | 'ShutdownFailed' | 'Exited' | 'LaunchError';

/** The `Lambda-Extension-Identifier` an extension got at register: a UUID. */
export type ExtensionId = string;

export interface RegisteredExtension {
  readonly id: ExtensionId;
  /** The `Lambda-Extension-Name` it registered with; an external one's is its file's name in /opt/extensions. */
  readonly name: string;
  /** External: a process started from /opt/extensions. Internal: code inside the runtime process. */
  readonly external: boolean;
  readonly events: readonly ExtensionEventType[];
  readonly state: ExtensionState;
  /** The `Lambda-Extension-Function-Error-Type` it reported, or a launch error's type. */
  readonly errorType?: string | undefined;
}

/** The headers of the Extensions API (docs/extensions.md). */
export const EXTENSION_HEADERS = {
  name: 'Lambda-Extension-Name',
  identifier: 'Lambda-Extension-Identifier',
  eventIdentifier: 'Lambda-Extension-Event-Identifier',
  acceptFeature: 'Lambda-Extension-Accept-Feature',
  errorType: 'Lambda-Extension-Function-Error-Type',
} as const;

export const EXTENSION_API_VERSION = '2020-01-01';

export const EXTENSION_PATHS = {
  register: `/${EXTENSION_API_VERSION}/extension/register`,
  next: `/${EXTENSION_API_VERSION}/extension/event/next`,
  initError: `/${EXTENSION_API_VERSION}/extension/init/error`,
  exitError: `/${EXTENSION_API_VERSION}/extension/exit/error`,
} as const;

/** Extensions per function, internal and external together (docs/extensions.md#limits). */
export const MAX_EXTENSIONS = 10;
