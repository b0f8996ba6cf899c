import { nativeLayerCases, nativeLayerTrees } from '../helpers/native-layer-cases.js';
import { describeRuntimeCases } from '../helpers/runtime-cases.js';

/**
 * `npm run test:matrix`: arm64 python, ruby and java functions with a layer of each architecture's
 * Debian packages (test/helpers/native-layer-cases.ts). Their arm64 images are built under QEMU on
 * first use, which CI's budget leaves out; test/integration/architectures.test.ts runs the x86_64 side.
 */
describeRuntimeCases('native-layers', nativeLayerCases('arm64'), nativeLayerTrees);
