import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeZip } from '../helpers/make-zip.js';
import { fixtureDir, fixtureZip, invokeAdHoc } from '../helpers/invoke-helpers.js';
import { compileJava, filesUnder } from '../helpers/javac.js';
import { LsimHome } from '../helpers/lsim-home.js';

/**
 * The ways an internal extension gets into the runtime process, as vendors' layers use them
 * (docs/doctor-extensions.md#internal-extensions): an AWS_LAMBDA_EXEC_WRAPPER script that changes the
 * interpreter's command line (ruby, java), NODE_OPTIONS preloading a layer's module, and
 * JAVA_TOOL_OPTIONS with a system property and a -javaagent jar from a layer.
 */
let lsim: LsimHome;
let javaCode: string;
let agentLayer: string;

/** What an instrumentation wrapper does: the interpreter ($1), a flag of its own, then the runtime's arguments. */
const wrapper = (flag: string): string => `#!/bin/bash
echo "lsim-wrapper: $1"
interpreter="$1"
shift
exec "$interpreter" ${flag} "$@"
`;

const PROBE = `package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;

public class Probe implements RequestHandler<Map<String, Object>, Map<String, String>> {
  @Override
  public Map<String, String> handleRequest(Map<String, Object> event, Context context) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : new String[] {"lsim.wrapped", "lsim.probe", "lsim.agent"}) {
      out.put(name, System.getProperty(name, "unset"));
    }
    return out;
  }
}
`;

const AGENT = `package agent;

public final class Agent {
  public static void premain(String args) {
    System.setProperty("lsim.agent", "premain:" + args);
  }
}
`;

beforeAll(async () => {
  lsim = new LsimHome('lsim-it-internal-ext-');
  javaCode = fixtureDir(lsim, 'java-probe', {});
  await compileJava(lsim, { sources: fixtureDir(lsim, 'java-probe-src', { 'example/Probe.java': PROBE }), outDir: javaCode });
  const agentClasses = fixtureDir(lsim, 'java-agent-classes', {});
  await compileJava(lsim, { sources: fixtureDir(lsim, 'java-agent-src', { 'agent/Agent.java': AGENT }), outDir: agentClasses });
  const jar = makeZip([
    { name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0\nPremain-Class: agent.Agent\n', mode: 0o644 },
    ...Object.entries(filesUnder(agentClasses)).map(([name, data]) => ({ name, data, mode: 0o644 })),
  ]);
  agentLayer = fixtureZip(lsim, 'java-agent-layer', { 'agent.jar': { data: jar } });
}, 600_000);

afterEach(() => {
  expect(lsim.leftoverContainers()).toEqual([]);
});

afterAll(() => lsim?.dispose());

describe('AWS_LAMBDA_EXEC_WRAPPER that changes the command line', () => {
  it('ruby3.3: the wrapper’s -r preload runs before the handler', async () => {
    const layer = fixtureZip(lsim, 'ruby-wrapper', {
      wrapper: { data: wrapper('-r/opt/preload.rb'), mode: 0o755 },
      'preload.rb': "$lsim_preloaded = 'preloaded by the wrapper'\n",
    });
    const code = fixtureDir(lsim, 'ruby-probe', {
      'lambda_function.rb': "def lambda_handler(event:, context:)\n  defined?($lsim_preloaded) ? $lsim_preloaded : 'unset'\nend\n",
    });
    const { body, log } = await invokeAdHoc(lsim, {
      runtime: 'ruby3.3',
      handler: 'lambda_function.lambda_handler',
      code,
      layers: [layer],
      environment: { AWS_LAMBDA_EXEC_WRAPPER: '/opt/wrapper' },
    });
    expect(body).toBe('preloaded by the wrapper');
    expect(log).toContain('lsim-wrapper: /var/lang/bin/ruby\n');
  }, 600_000);

  it('java17: the wrapper’s -D flag reaches the JVM that runs the handler', async () => {
    const layer = fixtureZip(lsim, 'java-wrapper', { wrapper: { data: wrapper('-Dlsim.wrapped=yes'), mode: 0o755 } });
    const { body, log } = await invokeAdHoc(lsim, {
      runtime: 'java17',
      handler: 'example.Probe::handleRequest',
      code: javaCode,
      layers: [layer],
      environment: { AWS_LAMBDA_EXEC_WRAPPER: '/opt/wrapper' },
    });
    expect(body).toEqual({ 'lsim.wrapped': 'yes', 'lsim.probe': 'unset', 'lsim.agent': 'unset' });
    expect(log).toContain('lsim-wrapper: /var/lang/bin/java\n');
  }, 600_000);
});

describe('JAVA_TOOL_OPTIONS', () => {
  it('java21: a system property and a -javaagent jar from a layer, which the JVM announces', async () => {
    const options = '-javaagent:/opt/agent.jar=from-layer -Dlsim.probe=yes';
    const { body, log } = await invokeAdHoc(lsim, {
      runtime: 'java21',
      handler: 'example.Probe::handleRequest',
      code: javaCode,
      layers: [agentLayer],
      environment: { JAVA_TOOL_OPTIONS: options },
    });
    expect(body).toEqual({ 'lsim.wrapped': 'unset', 'lsim.probe': 'yes', 'lsim.agent': 'premain:from-layer' });
    expect(log).toContain(`Picked up JAVA_TOOL_OPTIONS: ${options}\n`);
  }, 600_000);
});

describe('NODE_OPTIONS', () => {
  // nodejs18.x and nodejs20.x are not here: their preloads run a second time in Node's module-hooks thread
  // (docs/deviations.md#node-options-preloads).
  for (const runtime of ['nodejs22.x', 'nodejs24.x'] as const) {
    it(`${runtime}: --require preloads a layer’s module once, before the handler, and imports still search NODE_PATH`, async () => {
      const layer = fixtureZip(lsim, `node-preload-${runtime}`, {
        'preload.js': 'globalThis.lsimPreloads = (globalThis.lsimPreloads ?? 0) + 1;\nconsole.log("lsim-preload ran");\n',
        // Found only through lsim's NODE_PATH resolve hook, which these lines run in-thread.
        'nodejs/node_modules/esm-only/package.json': JSON.stringify({ name: 'esm-only', type: 'module', exports: './index.js' }),
        'nodejs/node_modules/esm-only/index.js': "export const from = 'layer';\n",
      });
      const code = fixtureDir(lsim, `node-probe-${runtime}`, {
        'index.mjs':
          "import { from } from 'esm-only';\nconst atLoad = globalThis.lsimPreloads;\nexport const handler = async () => ({ atLoad, now: globalThis.lsimPreloads, from });\n",
      });
      const { body, log } = await invokeAdHoc(lsim, {
        runtime,
        handler: 'index.handler',
        code,
        layers: [layer],
        environment: { NODE_OPTIONS: '--require /opt/preload.js' },
      });
      expect(body).toEqual({ atLoad: 1, now: 1, from: 'layer' });
      expect(log.split('lsim-preload ran').length - 1).toBe(1);
    }, 600_000);
  }
});
