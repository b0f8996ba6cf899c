import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { fixtureDir } from '../helpers/invoke-helpers.js';
import { compileJava, jarOf } from '../helpers/javac.js';
import { helloCase } from '../helpers/hello-cases.js';
import { describeRuntimeCases, type RuntimeCase } from '../helpers/runtime-cases.js';

/**
 * The java family's case table. test/fixtures/java/src is compiled first, with javac inside lsim's
 * own java image: `code/` into the function (loose `example/*.class` at /var/task), `layerjar/` into
 * the layer's `java/lib/greeter.jar`, and `loose/` into a loose `java/lib/looseclass/Loose.class`
 * that must stay invisible (path bug 10).
 */
const SRC = fileURLToPath(new URL('../fixtures/java/src', import.meta.url));
type Tree = 'code' | 'code11' | 'code17' | 'layer';

const TRACE_ID = expect.stringMatching(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);

const java21 = { runtime: 'java21', code: 'code', layers: ['layer'] } as const;

const ROWS: RuntimeCase<Tree>[] = [
  helloCase('java25', 'code'),
  helloCase('java8.al2', 'code'),
  ...(['java11', 'java17', 'java21'] as const).map((runtime): RuntimeCase<Tree> => ({
    ...java21,
    runtime,
    handler: 'example.Pojo',
    event: { name: 'lsim', count: 21, extra: true },
    note: 'POJO in and out, a class from the layer jar, nulls left out',
    expected: {
      response: ({ result }) => ({
        message: 'hello lsim from /opt/java/lib/greeter.jar',
        count: 42,
        requestId: result.requestId,
        functionName: 'lsim-adhoc',
        memory: 128,
        remainingPositive: true,
      }),
    },
    log: ['pojo handler for lsim\n', 'plain println line\n'],
  })),
  {
    ...java21,
    handler: 'example.Stream',
    event: 'world',
    note: 'the raw bytes written back, upper-cased',
    expected: { response: 'WORLD' },
    payload: '"WORLD"',
  },
  { ...java21, handler: 'example.Methods::hello', event: 'world', expected: { response: 'hello world' } },
  { ...java21, handler: 'example.Methods::twice', event: 21, expected: { response: 42 } },
  {
    ...java21,
    handler: 'example.Methods::map',
    event: { k: 'v' },
    expected: {
      response: {
        k: 'v',
        version: '$LATEST',
        arn: expect.stringMatching(/^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:lsim-adhoc$/),
        trace: TRACE_ID,
      },
    },
  },
  {
    ...java21,
    handler: 'example.Methods::visibility',
    note: 'path bug 10, and the runtime stays hidden',
    expected: {
      response: {
        'layerlib.Greeter': 'found',
        'looseclass.Loose': 'not found',
        'com.fasterxml.jackson.databind.ObjectMapper': 'not found',
        'lsim.java.Main': 'not found',
        'com.amazonaws.services.lambda.runtime.RequestHandler': 'found',
      },
    },
  },
  {
    ...java21,
    handler: 'example.Methods::boom',
    expected: {
      error: {
        errorMessage: 'fixture boom',
        errorType: 'java.lang.IllegalStateException',
        stackTrace: expect.arrayContaining(['example.Methods.boom(Methods.java:26)']),
      },
    },
  },
  {
    ...java21,
    handler: 'example.Methods::hello',
    event: { k: 'v' },
    note: 'an object where a String is wanted',
    expected: { error: { errorMessage: 'An error occurred during JSON parsing', errorType: 'java.lang.RuntimeException', stackTrace: [] } },
  },
  {
    ...java21,
    handler: 'example.Nope',
    expected: { error: { errorMessage: 'Class not found: example.Nope', errorType: 'java.lang.ClassNotFoundException' } },
  },
  {
    ...java21,
    handler: 'example.Methods::nope',
    note: 'no errorType',
    expected: { error: { errorMessage: 'No public method named nope with appropriate method signature found on class example.Methods' } },
  },
  {
    ...java21,
    handler: 'example.Methods',
    expected: { error: { errorMessage: 'Class does not implement an appropriate handler interface: example.Methods' } },
  },
  {
    runtime: 'java11',
    code: 'code17',
    layers: ['layer'],
    handler: 'example.Hello::handleRequest',
    note: "classes compiled for Java 17 on java11: refused with the JVM's own words, as on Lambda's Java 11",
    expected: {
      error: {
        errorMessage: expect.stringContaining(
          'has been compiled by a more recent version of the Java Runtime (class file version 61.0), this version of the Java Runtime only recognizes class file versions up to 55.0',
        ) as unknown as string,
        errorType: 'java.lang.UnsupportedClassVersionError',
      },
    },
  },
  {
    runtime: 'java8.al2',
    code: 'code11',
    layers: ['layer'],
    handler: 'example.Hello::handleRequest',
    note: "classes compiled for Java 11 on java8.al2: refused with Java 8's words, though lsim's JVM is OpenJDK 11",
    expected: {
      error: {
        errorMessage: expect.stringContaining(
          'example/Hello has been compiled by a more recent version of the Java Runtime (class file version 55.0), this version of the Java Runtime only recognizes class file versions up to 52.0',
        ) as unknown as string,
        errorType: 'java.lang.UnsupportedClassVersionError',
      },
    },
  },
  {
    ...java21,
    handler: 'example.Broken',
    note: 'a static initialiser that throws',
    expected: { error: { errorMessage: 'Error loading class example.Broken', errorType: 'java.lang.ExceptionInInitializerError' } },
  },
];

describeRuntimeCases('java', ROWS, async (lsim) => {
  const greeter = fixtureDir(lsim, 'java-greeter-classes', {});
  await compileJava(lsim, { sources: join(SRC, 'layerjar'), outDir: greeter });
  const layer = fixtureDir(lsim, 'java-layer', {});
  await compileJava(lsim, { sources: join(SRC, 'loose'), outDir: join(layer, 'java', 'lib') });
  writeFileSync(join(layer, 'java', 'lib', 'greeter.jar'), jarOf(greeter));
  const code = fixtureDir(lsim, 'java-code', {});
  await compileJava(lsim, { sources: join(SRC, 'code'), classPath: [greeter], outDir: code });
  const code11 = fixtureDir(lsim, 'java-code-11', {});
  await compileJava(lsim, { sources: join(SRC, 'code'), classPath: [greeter], outDir: code11, release: 11 });
  const code17 = fixtureDir(lsim, 'java-code-17', {});
  await compileJava(lsim, { sources: join(SRC, 'code'), classPath: [greeter], outDir: code17, release: 17 });
  return { code, code11, code17, layer };
});
