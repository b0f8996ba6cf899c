import { MAX_UNZIPPED_BYTES } from '../../archive/types.js';
import type { Finding } from '../finding.js';
import type { Check } from './check-context.js';
import { MAX_LAYERS_PER_FUNCTION } from '../../registry/layer-references.js';
import { isSupportedRuntime, nearestInterpreterNote } from '../../runtimes/runtime-catalogue.js';

/** `arn:...:layer:name:7` → `arn:...:layer:name`. */
const unversioned = (arn: string): string => arn.replace(/:\d+$/, '');

/** Lambda's layer limits, and CompatibleRuntimes/Architectures, which Lambda does not enforce (docs/lambda-facts.md#layer-semantics). */
export const limitsCheck: Check = ({ subject }) => {
  const findings: Finding[] = [];
  const { layers, runtime, architecture } = subject;
  const nearest = isSupportedRuntime(runtime) ? nearestInterpreterNote(runtime) : undefined;
  if (nearest !== undefined) {
    findings.push({
      severity: 'info',
      code: 'nearest-interpreter',
      message: nearest,
      fix: 'Nothing to fix in the function; to run the exact interpreter, point LSIM_IMAGE_<FAMILY> at an image that has it.',
      paths: [],
    });
  }
  if (layers.length > MAX_LAYERS_PER_FUNCTION) {
    findings.push({
      severity: 'error',
      code: 'too-many-layers',
      message: `The function has ${layers.length} layers; Lambda refuses more than ${MAX_LAYERS_PER_FUNCTION} ("Cannot reference more than 5 layers.").`,
      fix: 'Merge some layers into one zip, or move their content into the function package.',
      paths: [],
    });
  }
  const total = (subject.code?.unzippedSize ?? 0) + layers.reduce((sum, layer) => sum + layer.unzippedSize, 0);
  if (total > MAX_UNZIPPED_BYTES) {
    findings.push({
      severity: 'error',
      code: 'unzipped-size-exceeded',
      message: `Code and layers add up to ${total} bytes unzipped; Lambda's limit is ${MAX_UNZIPPED_BYTES} (250 MB).`,
      fix: "Drop what the function does not need (tests, docs, the AWS SDK the runtime already has, other platforms' binaries), or use a container image.",
      paths: [],
    });
  }
  const seen = new Map<string, string>();
  for (const layer of layers) {
    if (layer.layerVersionArn === undefined) continue;
    const key = unversioned(layer.layerVersionArn);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, layer.layerVersionArn);
      continue;
    }
    findings.push({
      severity: 'error',
      code: 'duplicate-layer',
      message: `The function uses two versions of one layer (${first} and ${layer.layerVersionArn}); Lambda refuses the configuration.`,
      fix: 'Keep one version of the layer in Layers.',
      paths: [],
    });
  }
  for (const layer of layers) {
    const runtimes = layer.compatibleRuntimes ?? [];
    if (runtimes.length > 0 && !runtimes.includes(runtime)) {
      findings.push({
        severity: 'warning',
        code: 'incompatible-runtime',
        message: `Layer ${layer.label} lists CompatibleRuntimes ${runtimes.join(', ')}, not ${runtime}. Lambda attaches it anyway; its author did not build it for this runtime.`,
        fix: `Use a version of the layer built for ${runtime}, or publish one with ${runtime} in CompatibleRuntimes after checking it works.`,
        paths: [],
      });
    }
    const architectures = layer.compatibleArchitectures ?? [];
    if (architectures.length > 0 && !architectures.includes(architecture)) {
      findings.push({
        severity: 'warning',
        code: 'incompatible-architecture',
        message: `Layer ${layer.label} lists CompatibleArchitectures ${architectures.join(', ')}, not ${architecture}: its native code will likely not load.`,
        fix: `Use a build of the layer for ${architecture}, or change the function's architecture.`,
        paths: [],
      });
    }
  }
  return findings;
};
