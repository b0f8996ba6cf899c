import type { Finding } from '../finding.js';
import { layerPaths, type SyncCheck } from './check-context.js';

const isClassPathJar = (path: string): boolean => /^java\/lib\/[^/]+\.jar$/.test(path);

/**
 * Java layers (path bug 10): the class loader adds only the jars directly in /opt/java/lib;
 * loose classes, sub-folders and jars anywhere else are invisible.
 */
export const javaLayoutCheck: SyncCheck = ({ subject, info }) => {
  if (info.family !== 'java') return [];
  const findings: Finding[] = [];
  for (const layer of subject.layers) {
    const classes = layerPaths(layer, (e) => e.type === 'file' && e.path.endsWith('.class'));
    if (classes.length > 0) {
      findings.push({
        severity: 'error',
        code: 'java-classes-not-jars',
        message:
          `Layer ${layer.label} has loose .class files (${classes.slice(0, 3).join(', ')}): the Java runtime puts ` +
          'only the jars in /opt/java/lib on the class path, never folders of classes.',
        fix: 'Package the classes as a jar (`jar cf mylib.jar -C classes .`) and put it directly in java/lib/ in the zip.',
        paths: classes,
      });
    }
    const jars = layerPaths(layer, (e) => e.path.endsWith('.jar') && !isClassPathJar(e.path));
    if (jars.length > 0) {
      findings.push({
        severity: 'error',
        code: 'java-jars-misplaced',
        message:
          `Layer ${layer.label} has jars outside java/lib/ or in its sub-folders (${jars.slice(0, 3).join(', ')}): ` +
          'only /opt/java/lib/*.jar (top level) is on the class path.',
        fix: 'Put every jar directly in java/lib/ in the zip (no sub-folders), e.g. `zip -r layer.zip java/lib/*.jar`.',
        paths: jars,
      });
    }
  }
  return findings;
};
