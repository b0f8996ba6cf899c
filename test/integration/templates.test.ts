import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inProcessLsim } from '../helpers/cli-in-process.js';
import { fixtureDir, fixtureZip } from '../helpers/invoke-helpers.js';
import { LsimHome } from '../helpers/lsim-home.js';
import { childEnv } from '../helpers/test-engine.js';

/**
 * `lsim invoke -t` and `lsim deploy -t` with a SAM template of two layers (a python folder and a
 * zip), and `lsim invoke -t` of a synthesized cdk.out written as `cdk synth` writes one.
 */
const CDK_OUT = fileURLToPath(new URL('../fixtures/cdk/cdk.out/', import.meta.url));

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage: {Type: String, Default: dev}
Globals:
  Function:
    Runtime: python3.12
    Environment: {Variables: {STAGE: !Ref Stage}}
Resources:
  GreetingLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      LayerName: !Sub 'greeting-\${Stage}'
      ContentUri: layers/greeting
      CompatibleRuntimes: [python3.12]
  FormatLayer:
    Type: AWS::Lambda::LayerVersion
    Properties:
      LayerName: format
      Content: layers/format.zip
  HelloFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Sub 'hello-\${Stage}'
      CodeUri: src
      Handler: app.handler
      Layers: [!Ref GreetingLayer, !Ref FormatLayer]
  Queue:
    Type: AWS::SQS::Queue
`;

const APP = `import os

import formatting
import greeting


def handler(event, context):
    return {"message": formatting.shout(greeting.TEXT), "stage": os.environ["STAGE"], "event": event}
`;

let lsim: LsimHome;
let app: string;
const { lsim: run } = inProcessLsim(() => ({ env: childEnv(lsim.home), cwd: app }));

beforeAll(() => {
  lsim = new LsimHome('lsim-it-templates-');
  app = fixtureDir(lsim, 'sam', {
    'template.yaml': TEMPLATE,
    'src/app.py': APP,
    'layers/greeting/python/greeting.py': 'TEXT = "hello from the folder layer"\n',
    'event.json': '{"from": "event.json"}',
  });
  fixtureZip(lsim, 'sam/layers/format', { 'python/formatting.py': 'def shout(text):\n    return text.upper()\n' });
});

afterEach(() => {
  expect(lsim.leftoverContainers()).toEqual([]);
});

afterAll(() => lsim?.dispose());

interface Deployed {
  Layers: { LogicalId: string; LayerVersionArn: string; Published: boolean }[];
  Functions: { LogicalId: string; FunctionName: string; Action: string }[];
}

async function deploy(): Promise<Deployed> {
  const result = await run('deploy', '-t', 'template.yaml');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Deployed;
}

/** The deployed function invoked by name, and the layer ARNs its configuration lists. */
async function invokeByName(): Promise<unknown> {
  const result = await run('invoke', '--function-name', 'hello-dev', 'out.json');
  expect(result.code, result.stderr).toBe(0);
  const out = await run('get-function-configuration', '--function-name', 'hello-dev', '--query', 'Layers[].Arn');
  expect(out.code).toBe(0);
  return { payload: JSON.parse(readFileSync(join(app, 'out.json'), 'utf8')) as unknown, layers: JSON.parse(out.stdout) as unknown };
}

const ARN = 'arn:aws:lambda:us-east-1:123456789012:layer';

describe('lsim invoke -t (SAM)', () => {
  it('runs the function with both layers from their folder and zip, the response on stdout, nothing registered', async () => {
    const result = await run('invoke', '-t', 'template.yaml', 'HelloFunction', '-e', 'event.json');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ message: 'HELLO FROM THE FOLDER LAYER', stage: 'dev', event: { from: 'event.json' } });
    expect(result.stderr).toContain('Queue (AWS::SQS::Queue) skipped: lsim simulates Lambda functions and layer versions only');
    expect(result.stderr).toMatch(/^REPORT RequestId: /m);
    const layers = await run('list-layers');
    expect(JSON.parse(layers.stdout)).toEqual({ Layers: [] });
  });

  it('a parameter override reaches the function; an unsupported intrinsic names its place', async () => {
    const result = await run('invoke', '-t', 'template.yaml', 'HelloFunction', '--parameter-overrides', 'Stage=prod');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ stage: 'prod', event: {} });
    writeFileSync(join(app, 'bad.yaml'), TEMPLATE.replace('Handler: app.handler', 'Handler: !Select [0, [app.handler]]'));
    const bad = await run('invoke', '-t', 'bad.yaml', 'HelloFunction');
    expect(bad.code).toBe(254);
    expect(bad.stderr).toContain(
      'An error occurred (InvalidParameterValueException) when calling the Invoke operation: Template error at ' +
        'Resources.HelloFunction.Properties.Handler.Fn::Select: Fn::Select is not supported by lsim',
    );
  });
});

describe('lsim deploy -t (SAM)', () => {
  it('publishes both layers and creates the function; a second deploy changes nothing; a changed folder makes version 2', async () => {
    const first = await deploy();
    expect(first.Layers).toEqual([
      { LogicalId: 'GreetingLayer', LayerVersionArn: `${ARN}:greeting-dev:1`, Published: true },
      { LogicalId: 'FormatLayer', LayerVersionArn: `${ARN}:format:1`, Published: true },
    ]);
    expect(first.Functions).toMatchObject([{ LogicalId: 'HelloFunction', FunctionName: 'hello-dev', Action: 'created' }]);
    expect(await invokeByName()).toEqual({
      payload: { message: 'HELLO FROM THE FOLDER LAYER', stage: 'dev', event: {} },
      layers: [`${ARN}:greeting-dev:1`, `${ARN}:format:1`],
    });

    const again = await deploy();
    expect(again.Layers.map((layer) => layer.Published)).toEqual([false, false]);
    expect(again.Functions.map((fn) => fn.Action)).toEqual(['unchanged']);
    const versions = await run('list-layer-versions', '--layer-name', 'greeting-dev', '--query', 'LayerVersions[].Version');
    expect(JSON.parse(versions.stdout)).toEqual([1]);

    writeFileSync(join(app, 'layers/greeting/python/greeting.py'), 'TEXT = "hello from version 2"\n');
    const changed = await deploy();
    expect(changed.Layers).toEqual([
      { LogicalId: 'GreetingLayer', LayerVersionArn: `${ARN}:greeting-dev:2`, Published: true },
      { LogicalId: 'FormatLayer', LayerVersionArn: `${ARN}:format:1`, Published: false },
    ]);
    expect(changed.Functions.map((fn) => fn.Action)).toEqual(['updated']);
    expect(await invokeByName()).toEqual({
      payload: { message: 'HELLO FROM VERSION 2', stage: 'dev', event: {} },
      layers: [`${ARN}:greeting-dev:2`, `${ARN}:format:1`],
    });
    // RetentionPolicy defaults to Retain for AWS::Serverless::LayerVersion: version 1 stays.
    const kept = await run('list-layer-versions', '--layer-name', 'greeting-dev', '--query', 'LayerVersions[].Version');
    expect(JSON.parse(kept.stdout)).toEqual([2, 1]);
  });
});

describe('lsim invoke -t (CDK)', () => {
  it('runs a cdk.out function by its construct id, code and layer from the asset folders', async () => {
    const template = join(CDK_OUT, 'LayeredStack.template.json');
    const result = await run('invoke', '-t', template, 'Handler', '--payload', '{"cdk": true}');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ text: 'hello from the CDK layer asset', event: { cdk: true } });
    const byLogicalId = await run('invoke', '-t', template, 'Handler886CB40B');
    expect(JSON.parse(byLogicalId.stdout)).toEqual({ text: 'hello from the CDK layer asset', event: {} });
  });
});
