import { engineAddresses } from '../common/config.js';
import { DEFAULT_UNIX_SOCKET } from '../engine/connection.js';
import { BlobStore } from '../registry/blob-store.js';
import { LambdaServer, type ServeOptions, type ServerParts } from '../server/lambda-server.js';
import { PlanCache } from '../server/plan-cache.js';
import { Registries } from '../server/registries.js';
import { LsimServices } from './lsim-services.js';

/**
 * `lsim serve`'s parts from the composition root: the registries, one backend per engine of the pool
 * (`--engine`, LSIM_ENGINES, else DOCKER_HOST's), the blob store, the plan cache and the log store.
 */
export function serverParts(services: LsimServices): ServerParts {
  const { config } = services;
  return {
    registries: new Registries(config),
    backends: engineAddresses(config).map((address) => ({
      name: address ?? `unix://${DEFAULT_UNIX_SOCKET}`,
      backend: services.backendFor(address),
    })),
    store: new BlobStore(config.home),
    plans: new PlanCache(services.cache),
    logs: services.logs,
  };
}

/** Starts `lsim serve` on services built from `options.config` (or the ones given: tests inject engines). */
export function startServer(
  options: ServeOptions,
  services = new LsimServices(options.config, options.onBuildEvent === undefined ? {} : { onBuildEvent: options.onBuildEvent }),
): Promise<LambdaServer> {
  return LambdaServer.start(options, serverParts(services));
}
