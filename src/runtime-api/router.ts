import { RUNTIME_PATHS, SUBSCRIPTION_PATHS } from './constants.js';
import { ENTRY_PATHS } from './entry-routes.js';
import { EXTENSION_PATHS } from './extension-types.js';

/** Maps method + path to a Runtime API route; request ids are taken from the path, percent-decoded. */

/** Fixed paths and the method each takes. */
const FIXED: ReadonlyArray<readonly [string, string, Route]> = [
  [RUNTIME_PATHS.next, 'GET', { name: 'next' }],
  [RUNTIME_PATHS.initError, 'POST', { name: 'init-error' }],
  [RUNTIME_PATHS.ping, 'GET', { name: 'ping' }],
  [EXTENSION_PATHS.register, 'POST', { name: 'extension-register' }],
  [EXTENSION_PATHS.next, 'GET', { name: 'extension-next' }],
  [EXTENSION_PATHS.initError, 'POST', { name: 'extension-init-error' }],
  [EXTENSION_PATHS.exitError, 'POST', { name: 'extension-exit-error' }],
  [ENTRY_PATHS.launched, 'POST', { name: 'entry-launched' }],
  [ENTRY_PATHS.registered, 'GET', { name: 'entry-registered' }],
  [ENTRY_PATHS.exited, 'POST', { name: 'entry-exited' }],
  [ENTRY_PATHS.outputMarkers, 'GET', { name: 'entry-output-markers' }],
  [SUBSCRIPTION_PATHS.telemetry, 'PUT', { name: 'subscribe', api: 'telemetry' }],
  [SUBSCRIPTION_PATHS.logs, 'PUT', { name: 'subscribe', api: 'logs' }],
];

export type Route =
  | { readonly name: 'next' }
  | { readonly name: 'response'; readonly requestId: string }
  | { readonly name: 'error'; readonly requestId: string }
  | { readonly name: 'init-error' }
  | { readonly name: 'ping' }
  | { readonly name: 'extension-register' }
  | { readonly name: 'extension-next' }
  | { readonly name: 'extension-init-error' }
  | { readonly name: 'extension-exit-error' }
  | { readonly name: 'entry-launched' }
  | { readonly name: 'entry-registered' }
  | { readonly name: 'entry-exited' }
  | { readonly name: 'entry-output-markers' }
  | { readonly name: 'subscribe'; readonly api: 'telemetry' | 'logs' }
  | { readonly name: 'method-not-allowed' }
  | { readonly name: 'not-found' };

function invocationRoute(path: string): Route | undefined {
  if (!path.startsWith(RUNTIME_PATHS.invocationPrefix)) return undefined;
  const rest = path.slice(RUNTIME_PATHS.invocationPrefix.length);
  for (const [suffix, name] of [
    [RUNTIME_PATHS.responseSuffix, 'response'],
    [RUNTIME_PATHS.errorSuffix, 'error'],
  ] as const) {
    if (!rest.endsWith(suffix)) continue;
    const raw = rest.slice(0, -suffix.length);
    if (raw === '' || raw.includes('/')) return undefined;
    try {
      return { name, requestId: decodeURIComponent(raw) };
    } catch {
      return { name, requestId: raw };
    }
  }
  return undefined;
}

export function route(method: string | undefined, url: string | undefined): Route {
  const path = (url ?? '/').split('?')[0] ?? '/';
  const expect = (wanted: string, matched: Route): Route => (method === wanted ? matched : { name: 'method-not-allowed' });
  const fixed = FIXED.find(([candidate]) => candidate === path);
  if (fixed !== undefined) return expect(fixed[1], fixed[2]);
  const invocation = invocationRoute(path);
  if (invocation !== undefined) return expect('POST', invocation);
  return { name: 'not-found' };
}
