import { RUNTIME_PATHS, SUBSCRIPTION_PATHS } from './constants.js';

/** Maps method + path to a Runtime API route; request ids are taken from the path, percent-decoded. */

export type Route =
  | { readonly name: 'next' }
  | { readonly name: 'response'; readonly requestId: string }
  | { readonly name: 'error'; readonly requestId: string }
  | { readonly name: 'init-error' }
  | { readonly name: 'ping' }
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
  if (path === RUNTIME_PATHS.next) return expect('GET', { name: 'next' });
  if (path === RUNTIME_PATHS.initError) return expect('POST', { name: 'init-error' });
  if (path === RUNTIME_PATHS.ping) return expect('GET', { name: 'ping' });
  if (path === SUBSCRIPTION_PATHS.telemetry) return expect('PUT', { name: 'subscribe', api: 'telemetry' });
  if (path === SUBSCRIPTION_PATHS.logs) return expect('PUT', { name: 'subscribe', api: 'logs' });
  const invocation = invocationRoute(path);
  if (invocation !== undefined) return expect('POST', invocation);
  return { name: 'not-found' };
}
