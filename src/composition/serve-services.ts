import { BlobStore } from '../registry/blob-store.js';
import { LambdaServer, type ServeOptions, type ServerParts } from '../server/lambda-server.js';
import { PlanCache } from '../server/plan-cache.js';
import { Registries } from '../server/registries.js';
import { LsimServices } from './lsim-services.js';

/** `lsim serve`'s parts from the composition root: the registries, the backend, the blob store and the plan cache. */
export function serverParts(services: LsimServices): ServerParts {
  const { config } = services;
  return {
    registries: new Registries(config),
    backend: services.executor,
    store: new BlobStore(config.home),
    plans: new PlanCache(services.cache),
  };
}

/** Starts `lsim serve` on services built from `options.config` (or the ones given: tests inject engines). */
export function startServer(
  options: ServeOptions,
  services = new LsimServices(options.config, options.onBuildEvent === undefined ? {} : { onBuildEvent: options.onBuildEvent }),
): Promise<LambdaServer> {
  return LambdaServer.start(options, serverParts(services));
}
