import { describe, expect, it } from 'vitest';
import { makeZip } from '../../archive/zip-writer.js';
import { codes, finding } from '../../../test/helpers/doctor/report-findings.js';
import { DoctorFixture } from '../../../test/helpers/doctor/doctor-fixture.js';
import { diagnose } from '../diagnose.js';
import { classVersion } from './java-class-version-check.js';

const fx = new DoctorFixture();

/** The start of a class file of this Java major (class file major = Java + 44), then filler standing in for the rest. */
const classOf = (java: number): Buffer => {
  const head = Buffer.alloc(64, 0x11);
  head.writeUInt32BE(0xcafebabe, 0);
  head.writeUInt16BE(0, 4);
  head.writeUInt16BE(java + 44, 6);
  return head;
};
const jarOf = (entries: Record<string, Buffer>): Buffer =>
  makeZip(Object.entries(entries).map(([name, data]) => ({ name, data, mode: 0o644 })));

describe('class file versions against the runtime id’s Java', () => {
  it('reads the version from a class file’s first 8 bytes, and nothing from other bytes', () => {
    expect(classVersion(classOf(17))).toEqual({ major: 61, minor: 0 });
    expect(classVersion(Buffer.from('PK\u0003\u0004....'))).toBeUndefined();
    expect(classVersion(Buffer.alloc(4))).toBeUndefined();
  });

  it('flags a handler compiled for Java 17 on java11, in the JVM’s words, and suggests java17', async () => {
    const code = await fx.zip('code.zip', [{ name: 'example/Hello.class', data: classOf(17) }]);
    const f = finding(await diagnose(fx.subject('java11', { code, handler: 'example.Hello' })), 'java-class-version-too-new');
    expect(f.paths).toEqual(['/var/task/example/Hello.class']);
    expect(f.message).toContain('compiled for Java 17 (class file version 61.0), but java11 runs Java 11');
    expect(f.message).toContain(
      'java.lang.UnsupportedClassVersionError "example/Hello has been compiled by a more recent version of the Java Runtime ' +
        '(class file version 61.0), this version of the Java Runtime only recognizes class file versions up to 55.0"',
    );
    expect(f.fix).toContain('javac --release 11');
    expect(f.fix).toContain('or run the function on java17.');
    for (const runtime of ['java17', 'java21', 'java25'] as const) {
      expect(codes(await diagnose(fx.subject(runtime, { code, handler: 'example.Hello' })))).not.toContain('java-class-version-too-new');
    }
  });

  it('judges java8.al2 by Java 8, the runtime id’s Java, not the OpenJDK 11 lsim runs it on', async () => {
    const code = await fx.zip('code11.zip', [{ name: 'example/Hello.class', data: classOf(11) }]);
    const f = finding(await diagnose(fx.subject('java8.al2', { code, handler: 'example.Hello' })), 'java-class-version-too-new');
    expect(f.message).toContain('only recognizes class file versions up to 52.0');
    const eight = await fx.zip('code8.zip', [{ name: 'example/Hello.class', data: classOf(8) }]);
    expect(codes(await diagnose(fx.subject('java8.al2', { code: eight, handler: 'example.Hello' })))).not.toContain(
      'java-class-version-too-new',
    );
  });

  it('reads the classes inside the jars on the class path, leaving out module descriptors and multi-release entries', async () => {
    const layer = await fx.zip('layer.zip', [
      {
        name: 'java/lib/newer.jar',
        data: jarOf({ 'META-INF/MANIFEST.MF': Buffer.from('Manifest-Version: 1.0\n'), 'lib/Newer.class': classOf(21) }),
      },
      {
        name: 'java/lib/multi.jar',
        data: jarOf({
          'module-info.class': classOf(21),
          'META-INF/versions/21/lib/Multi.class': classOf(21),
          'lib/Multi.class': classOf(11),
        }),
      },
    ]);
    const f = finding(await diagnose(fx.subject('java17', { layers: [layer], handler: 'example.Hello' })), 'java-class-version-too-new');
    expect(f.paths).toEqual(['/opt/java/lib/newer.jar']);
    expect(f.message).toContain('/opt/java/lib/newer.jar!/lib/Newer.class is compiled for Java 21');
    expect(f.fix).toContain('or run the function on java21.');
  });

  it('says nothing for other families', async () => {
    const code = await fx.zip('pycode.zip', [{ name: 'example/Hello.class', data: classOf(25) }]);
    expect(codes(await diagnose(fx.subject('python3.12', { code, handler: 'app.handler' })))).not.toContain('java-class-version-too-new');
  });
});
