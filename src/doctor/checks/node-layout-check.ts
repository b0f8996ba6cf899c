import type { Finding } from '../finding.js';
import { childDirs, layerHas, type SyncCheck } from './check-context.js';

/**
 * Node layers (path bugs 2 and 3): packages must be under `nodejs/node_modules` or
 * `nodejs/nodeNN/node_modules` for the runtime's own major; anything else is never searched.
 */
export const nodeLayoutCheck: SyncCheck = ({ subject, info }) => {
  if (info.family !== 'nodejs') return [];
  const findings: Finding[] = [];
  for (const layer of subject.layers) {
    if (layerHas(layer, 'node_modules')) {
      findings.push({
        severity: 'error',
        code: 'node-modules-at-root',
        message:
          `Layer ${layer.label} has node_modules/ at its root: it lands in /opt/node_modules, which NODE_PATH does not ` +
          'search and which is not an ancestor of /var/task, so require() never finds these packages.',
        fix:
          'Put the packages under nodejs/node_modules/ in the zip: zip a folder that contains nodejs/ (not the ' +
          'contents of nodejs/), e.g. `mkdir -p nodejs && mv node_modules nodejs/ && zip -r layer.zip nodejs`.',
        paths: ['/opt/node_modules'],
      });
    }
    const versioned = childDirs(layer, 'nodejs').filter((name) => /^node\d+$/.test(name));
    const other = versioned.filter((name) => name !== `node${info.nodeMajor}`);
    if (other.length === 0) continue;
    const usable = layerHas(layer, 'nodejs/node_modules') || versioned.includes(`node${info.nodeMajor}`);
    findings.push({
      severity: usable ? 'info' : 'error',
      code: 'node-version-folder-mismatch',
      message:
        `Layer ${layer.label} has ${other.map((n) => `nodejs/${n}/`).join(', ')}, which ${info.id} ignores: it only ` +
        `searches /opt/nodejs/node${info.nodeMajor}/node_modules and /opt/nodejs/node_modules.`,
      fix:
        `Move the packages to nodejs/node${info.nodeMajor}/node_modules/ (this major only) or nodejs/node_modules/ ` +
        '(every major), rebuilding native add-ons for this Node version.',
      paths: other.map((name) => `/opt/nodejs/${name}`),
    });
  }
  return findings;
};
