import type { ContainerEngine } from '../../src/engine/container-engine.js';

/**
 * An engine for unit tests that speaks only the methods a test gives; any other call throws, naming
 * the code under test, so a test notices when that code starts using more of the engine.
 */
export function engineFake(methods: Partial<ContainerEngine>, user: string): ContainerEngine {
  const unused = (): never => {
    throw new Error(`not used by ${user}`);
  };
  return {
    ping: unused,
    sharesHostFilesystem: unused,
    createContainer: unused,
    createVolume: unused,
    removeVolume: unused,
    listContainers: unused,
    listVolumes: unused,
    removeContainer: unused,
    ensureNetwork: unused,
    importImage: unused,
    buildImage: unused,
    imageExists: unused,
    pullImage: unused,
    ...methods,
  };
}
