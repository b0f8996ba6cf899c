import type { TreeSource } from '../doctor-subject.js';
import type { Finding } from '../finding.js';
import { childDirs, layerHas, type SyncCheck } from './check-context.js';

/** Top-level names layers use on purpose; Python content there is not "at the root". */
const LAYER_ROOTS = new Set(['python', 'nodejs', 'ruby', 'java', 'bin', 'lib', 'extensions', 'bootstrap']);

/**
 * Python layers (path bugs 4 and 2's python twin): only /opt/python and
 * /opt/python/lib/pythonX.Y/site-packages are on sys.path, for the runtime's own X.Y.
 */
export const pythonLayoutCheck: SyncCheck = ({ subject, info }) => {
  if (info.family !== 'python') return [];
  const findings: Finding[] = [];
  const version = info.pythonVersion;
  for (const layer of subject.layers) {
    findings.push(...rootContent(layer, version));
    const versions = childDirs(layer, 'python/lib').filter((name) => /^python\d+\.\d+$/.test(name));
    const other = versions.filter((name) => name !== `python${version}`);
    if (other.length === 0) continue;
    const usable = versions.includes(`python${version}`);
    findings.push({
      severity: usable ? 'info' : 'error',
      code: 'python-version-folder-mismatch',
      message:
        `Layer ${layer.label} has ${other.map((n) => `python/lib/${n}/site-packages`).join(', ')}, which ${info.id} ` +
        `ignores: sys.path only has /opt/python/lib/python${version}/site-packages and /opt/python.`,
      fix:
        `Install the packages for Python ${version} into python/lib/python${version}/site-packages/ (or into python/), ` +
        `e.g. \`pip install --python-version ${version} --only-binary=:all: -t python/ ...\`.`,
      paths: other.map((name) => `/opt/python/lib/${name}`),
    });
  }
  return findings;
};

function rootContent(layer: TreeSource, version: string): Finding[] {
  const roots = layer.entries.filter((e) => !e.path.includes('/') && !LAYER_ROOTS.has(e.path));
  const metadata = roots.filter((e) => e.type === 'directory' && /\.(dist-info|egg-info)$/.test(e.path));
  const libVersions = childDirs(layer, 'lib').filter((name) => /^python\d+\.\d+$/.test(name));
  const nestedSitePackages = libVersions.filter((name) => layerHas(layer, `lib/${name}/site-packages`));
  if (metadata.length > 0 || nestedSitePackages.length > 0) {
    const paths = [...nestedSitePackages.map((name) => `/opt/lib/${name}/site-packages`), ...metadata.map((e) => `/opt/${e.path}`)];
    return [
      {
        severity: 'error',
        code: 'python-folder-contents-at-root',
        message:
          `Layer ${layer.label} looks like the contents of a python/ folder zipped without the folder: ` +
          `${paths.slice(0, 3).join(', ')} are not on sys.path.`,
        fix:
          'Zip the folder that contains python/, not its contents: `zip -r layer.zip python` from its parent, so ' +
          `the packages land in /opt/python or /opt/python/lib/python${version}/site-packages.`,
        paths,
      },
    ];
  }
  const modules = roots.filter(
    (e) => (e.type === 'file' && e.path.endsWith('.py')) || (e.type === 'directory' && layerHas(layer, `${e.path}/__init__.py`)),
  );
  if (modules.length === 0) return [];
  return [
    {
      severity: 'error',
      code: 'python-packages-at-root',
      message:
        `Layer ${layer.label} has Python modules at its root (${modules
          .map((e) => e.path)
          .slice(0, 5)
          .join(', ')}): ` + 'they land directly in /opt, which is not on sys.path.',
      fix:
        'Put them under python/ in the zip: `pip install -t python/ ...` (or move the modules into python/) and ' +
        'zip the folder that contains python/.',
      paths: modules.map((e) => `/opt/${e.path}`),
    },
  ];
}
