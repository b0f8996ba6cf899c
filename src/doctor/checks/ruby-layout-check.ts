import type { Finding } from '../finding.js';
import { childDirs, layerHas, type SyncCheck } from './check-context.js';

/** Bundler's layouts, which are not on the runtime's GEM_PATH (path bug 6). */
const BUNDLER_DIRS = ['vendor/bundle', 'ruby/lib/vendor/bundle', 'ruby/vendor/bundle'];

/**
 * Ruby layers (path bug 6): gems under `ruby/gems/X.Y.0` for the runtime's own X.Y, libraries
 * under `ruby/lib`; and the variable is RUBYLIB, never RUBY_LIB.
 */
export const rubyLayoutCheck: SyncCheck = ({ subject, info }) => {
  if (info.family !== 'ruby') return [];
  const findings: Finding[] = [];
  const version = info.rubyVersion;
  const gemFix =
    `Put the gems under ruby/gems/${version}/ in the zip (e.g. \`bundle config set path vendor/bundle && bundle ` +
    `install\`, then move vendor/bundle/ruby/${version} to ruby/gems/${version}). Do not set GEM_PATH by hand: it ` +
    "hides the runtime's bundled gems.";
  for (const layer of subject.layers) {
    const versions = childDirs(layer, 'ruby/gems').filter((name) => /^\d+\.\d+\.\d+$/.test(name));
    const other = versions.filter((name) => name !== version);
    if (other.length > 0) {
      findings.push({
        severity: versions.includes(version) ? 'info' : 'error',
        code: 'ruby-gems-version-mismatch',
        message:
          `Layer ${layer.label} has gems under ${other.map((n) => `ruby/gems/${n}`).join(', ')}, but ${info.id} ` +
          `searches only /opt/ruby/gems/${version} (GEM_PATH).`,
        fix: gemFix,
        paths: other.map((name) => `/opt/ruby/gems/${name}`),
      });
    }
    const bundler = [
      ...BUNDLER_DIRS.filter((dir) => layerHas(layer, dir)),
      ...childDirs(layer, 'ruby')
        .filter((name) => /^\d+\.\d+\.\d+$/.test(name))
        .map((name) => `ruby/${name}`),
    ];
    if (bundler.length > 0) {
      findings.push({
        severity: 'error',
        code: 'ruby-gems-bundler-layout',
        message:
          `Layer ${layer.label} keeps gems in ${bundler.join(', ')}: bundler's layout, which is not on GEM_PATH ` +
          `(only /opt/ruby/gems/${version} is).`,
        fix: gemFix,
        paths: bundler.map((dir) => `/opt/${dir}`),
      });
    }
  }
  if (subject.userEnv.RUBY_LIB !== undefined) {
    findings.push({
      severity: 'warning',
      code: 'ruby-lib-misspelled',
      message: 'The function sets RUBY_LIB, which Ruby ignores (older AWS docs printed that name); the variable is RUBYLIB.',
      fix:
        'Remove RUBY_LIB. Usually nothing else is needed: /opt/ruby/lib is already on RUBYLIB. If you do set ' +
        'RUBYLIB, keep /opt/ruby/lib in it.',
      paths: [],
    });
  }
  return findings;
};
