import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultImagesDir } from '../../src/images/images-dir.js';
import { fixtureDir, fixtureZip, invokeAdHoc, type TreeSpec } from '../helpers/invoke-helpers.js';
import { LsimHome } from '../helpers/lsim-home.js';
import { makeZip } from '../helpers/make-zip.js';

/**
 * java21 end to end with a handler compiled here (host javac, --release 11, against the image's
 * own com.amazonaws.services.lambda.runtime sources): `java/lib/*.jar` of a layer is on the class
 * path, a loose class folder under `java/lib` is not (path bug 10).
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

/** Every file under `dir`, relative path → bytes: a jar or a layer tree from javac output. */
function filesOf(dir: string, prefix = ''): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (current: string): void => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[prefix + relative(dir, path)] = readFileSync(path);
    }
  };
  walk(dir);
  return out;
}

function javac(classPath: string[], outDir: string, sources: string[]): void {
  const args = ['--release', '11', '-nowarn', '-d', outDir];
  if (classPath.length > 0) args.push('-cp', classPath.join(':'));
  execFileSync('javac', [...args, ...sources], { stdio: 'pipe' });
}

beforeAll(() => {
  lsim = new LsimHome('lsim-it-java-');
  const src = fixtureDir(lsim, 'java-src', {
    'example/Hello.java': HANDLER,
    'layerlib/Greeter.java': GREETER,
    'looselib/Loose.java': LOOSE,
  });
  const build = (name: string): string => fixtureDir(lsim, name, {});
  const coreDir = join(defaultImagesDir(), 'java', 'core');
  const coreSources = Object.keys(filesOf(coreDir))
    .filter((path) => path.endsWith('.java'))
    .map((path) => join(coreDir, path));
  const core = build('java-core-classes');
  javac([], core, coreSources);
  const greeter = build('java-greeter-classes');
  javac([], greeter, [join(src, 'layerlib/Greeter.java')]);
  const loose = build('java-loose-classes');
  javac([], loose, [join(src, 'looselib/Loose.java')]);
  code = build('java-code');
  javac([core, greeter], code, [join(src, 'example/Hello.java')]);

  const jar = makeZip(Object.entries(filesOf(greeter)).map(([name, data]) => ({ name, data, mode: 0o644 })));
  const layer: TreeSpec = {
    'java/lib/greeter.jar': { data: jar },
    ...Object.fromEntries(Object.entries(filesOf(loose, 'java/lib/')).map(([name, data]) => [name, { data }])),
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
