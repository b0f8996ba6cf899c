// `npm run demo`: the main job end to end. Publishes the python-package example's layer, creates a
// function that uses it, invokes it in a real python3.12 container (building the runtime image the
// first time), then shows the same layer failing to load when the function's PYTHONPATH hides /opt.
// State goes to LSIM_HOME (default: .lsim-demo in the repository), so the demo never touches ~/.lsim.
import { fileURLToPath } from 'node:url';
import { openLsim } from '../dist/index.js';
import { zipDirectory } from '../dist/archive/zip-directory.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const home = process.env.LSIM_HOME || here('../.lsim-demo');
const step = (text) => process.stderr.write(`\n== ${text}\n`);
const show = (value) => process.stdout.write(`${JSON.stringify(value, null, 4)}\n`);

const lsim = openLsim({
  home,
  onBuildEvent: (event) => {
    if (event.type === 'start') process.stderr.write(`building ${event.tag} (${event.stage}; first run only)\n`);
    if (event.type === 'built') process.stderr.write(`built ${event.tag} in ${(event.durationMs / 1000).toFixed(1)} s\n`);
  },
});
try {
  const work = mkdtempSync(join(tmpdir(), 'lsim-demo-'));
  const layerZip = join(work, 'layer.zip');
  const functionZip = join(work, 'function.zip');
  writeFileSync(layerZip, await zipDirectory(here('python-package/layer')));
  writeFileSync(functionZip, await zipDirectory(here('python-package/function')));

  step(`lsim publish-layer-version --layer-name greetings --zip-file fileb://layer.zip   (LSIM_HOME=${home})`);
  const layer = await lsim.api.publishLayerVersion({
    LayerName: 'greetings',
    Content: { ZipFilePath: layerZip },
    CompatibleRuntimes: ['python3.12'],
  });
  show(layer);

  step('lsim create-function --function-name hello-layers --runtime python3.12 --layers <that version>');
  try {
    lsim.api.deleteFunction({ FunctionName: 'hello-layers' });
  } catch {
    // first run: nothing to replace
  }
  const fn = await lsim.api.createFunction({
    FunctionName: 'hello-layers',
    Runtime: 'python3.12',
    Handler: 'lambda_function.lambda_handler',
    Code: { ZipFilePath: functionZip },
    Layers: [layer.LayerVersionArn],
  });
  show({ FunctionArn: fn.FunctionArn, Layers: fn.Layers, State: fn.State });
  // As on AWS, a new function is Pending for a moment and an update InProgress: wait for it to settle
  // (what `aws lambda wait function-active-v2` and `function-updated-v2` do) before invoking.
  await settled(lsim, 'hello-layers');

  step(`lsim invoke --function-name hello-layers --payload '{"name":"Ada"}' out.json`);
  const ok = await lsim.invoke({
    FunctionName: 'hello-layers',
    Payload: { name: 'Ada' },
    onLog: (line) => process.stderr.write(`${line}\n`),
  });
  show({ StatusCode: ok.StatusCode, FunctionError: ok.FunctionError, Payload: JSON.parse(Buffer.from(ok.Payload).toString()) });

  step('the classic path bug: the function sets PYTHONPATH, which turns off the /opt entries of sys.path');
  await lsim.api.updateFunctionConfiguration({
    FunctionName: 'hello-layers',
    Environment: { Variables: { PYTHONPATH: '/var/task/vendor' } },
  });
  await settled(lsim, 'hello-layers');
  const broken = await lsim.invoke({ FunctionName: 'hello-layers', Payload: { name: 'Ada' } });
  show({ StatusCode: broken.StatusCode, FunctionError: broken.FunctionError, Payload: JSON.parse(Buffer.from(broken.Payload).toString()) });

  const worked = ok.FunctionError === undefined && broken.FunctionError === 'Unhandled';
  step(worked ? 'demo finished: the layer worked, and the PYTHONPATH bug reproduced as in Lambda' : 'demo FAILED');
  process.exitCode = worked ? 0 : 1;
} finally {
  lsim.close();
}

/** Polls the function until it is Active and no update is in progress, as the aws CLI's waiters do. */
async function settled(lsim, name) {
  for (;;) {
    const { State, LastUpdateStatus } = lsim.api.getFunctionConfiguration({ FunctionName: name });
    if (State === 'Active' && LastUpdateStatus !== 'InProgress') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
