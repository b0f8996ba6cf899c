import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDir, fixtureZip, invokeAdHoc, type TreeSpec } from '../helpers/invoke-helpers.js';
import { compileJava, filesUnder, jarOf } from '../helpers/javac.js';
import { LsimHome } from '../helpers/lsim-home.js';

/**
 * java21 end to end with a handler compiled here (javac --release 11 inside lsim's own java image,
 * against its aws-lambda-java-core.jar): `java/lib/*.jar` of a layer is on the class path, a loose
 * class folder under `java/lib` is not (path bug 10).
 */
let lsim: LsimHome;
let code: string;
let layerZip: string;

const HANDLER = `package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;

public class Hello implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("greeting", layerlib.Greeter.greet(String.valueOf(event.get("name"))));
    String loose;
    try {
      Class.forName("looselib.Loose");
      loose = "found";
    } catch (ClassNotFoundException e) {
      loose = "ClassNotFoundException: " + e.getMessage();
    }
    out.put("loose", loose);
    out.put("requestId", context.getAwsRequestId());
    out.put("functionName", context.getFunctionName());
    out.put("memory", context.getMemoryLimitInMB());
    return out;
  }
}
`;

const GREETER = `package layerlib;

public final class Greeter {
  public static String greet(String name) {
    return "hello " + name + " from a layer jar";
  }
}
`;

const LOOSE = 'package looselib;\n\npublic final class Loose {}\n';

beforeAll(async () => {
  lsim = new LsimHome('lsim-it-java-');
  const greeterSrc = fixtureDir(lsim, 'java-src-greeter', { 'layerlib/Greeter.java': GREETER });
  const looseSrc = fixtureDir(lsim, 'java-src-loose', { 'looselib/Loose.java': LOOSE });
  const codeSrc = fixtureDir(lsim, 'java-src-code', { 'example/Hello.java': HANDLER });
  const build = (name: string): string => fixtureDir(lsim, name, {});
  const greeter = build('java-greeter-classes');
  await compileJava(lsim, { sources: greeterSrc, outDir: greeter });
  const loose = build('java-loose-classes');
  await compileJava(lsim, { sources: looseSrc, outDir: loose });
  code = build('java-code');
  await compileJava(lsim, { sources: codeSrc, classPath: [greeter], outDir: code });

  const layer: TreeSpec = {
    'java/lib/greeter.jar': { data: jarOf(greeter) },
    ...Object.fromEntries(Object.entries(filesUnder(loose, 'java/lib/')).map(([name, data]) => [name, { data }])),
  };
  layerZip = fixtureZip(lsim, 'java-layer', layer);
});

afterEach(() => {
  expect(lsim.leftoverContainers()).toEqual([]);
});

afterAll(() => lsim?.dispose());

describe('java21 with a layer at /opt', () => {
  it('RequestHandler with a POJO-less Map event: java/lib/*.jar found, a loose class folder under java/lib not', async () => {
    const { result, body } = await invokeAdHoc(lsim, {
      runtime: 'java21',
      handler: 'example.Hello',
      code,
      layers: [layerZip],
      timeoutSeconds: 15,
      memoryMb: 512,
      event: { name: 'lsim' },
    });
    expect(result.functionError).toBeUndefined();
    expect(body).toEqual({
      greeting: 'hello lsim from a layer jar',
      loose: 'ClassNotFoundException: looselib.Loose',
      requestId: result.requestId,
      functionName: 'lsim-adhoc',
      memory: 512,
    });
  });
});
