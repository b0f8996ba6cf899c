import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFunction } from './find-function.js';
import { loadTemplate, type LoadOptions } from './load-template.js';
import { parseOverrides } from './parameters.js';

const root = mkdtempSync(join(tmpdir(), 'lsim-templates-unit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;

/** A template in a folder of its own, with `src/`, `layer/` and `layer.zip` beside it for its paths to name. */
function template(text: string, name = 'template.yaml'): string {
  const file = join(root, `t${++count}`, name);
  const dir = dirname(file);
  for (const folder of ['src', 'layer/python', 'other']) mkdirSync(join(dir, folder), { recursive: true });
  writeFileSync(join(dir, 'layer.zip'), 'PK');
  writeFileSync(file, text);
  return file;
}

const options: LoadOptions = { cwd: root, region: 'eu-west-1', accountId: '111122223333' };
const load = (file: string, extra: Partial<LoadOptions> = {}) => loadTemplate(file, { ...options, ...extra });

const SAM = `
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage: {Type: String, Default: dev, AllowedValues: [dev, prod]}
  Memory: {Type: Number, Default: 256}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Globals:
  Function:
    Runtime: python3.12
    Timeout: 10
    Layers: [arn:aws:lambda:eu-west-1:111122223333:layer:shared:4]
    Environment: {Variables: {STAGE: !Ref Stage, SHARED: global}}
Resources:
  Deps:
    Type: AWS::Serverless::LayerVersion
    Properties: {ContentUri: layer, CompatibleRuntimes: [python3.12], LicenseInfo: MIT, RetentionPolicy: Delete}
  Zipped:
    Type: AWS::Lambda::LayerVersion
    UpdateReplacePolicy: Retain
    Properties: {LayerName: !Sub 'zipped-\${Stage}', Content: layer.zip, CompatibleArchitectures: [x86_64]}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      MemorySize: !Ref Memory
      Layers: [!Ref Deps, !Ref Zipped]
      Environment:
        Variables:
          SHARED: own
          ARN: !GetAtt Fn.Arn
          ZIPPED: !Ref Zipped
          WHERE: !Sub '\${AWS::Region}:\${AWS::AccountId}:\${AWS::Partition}'
          SIZE: !If [IsProd, big, small]
  ProdOnly:
    Type: AWS::Serverless::Function
    Condition: IsProd
    Properties: {CodeUri: src, Handler: app.handler}
  Bucket:
    Type: AWS::S3::Bucket
`;

describe('loadTemplate: SAM', () => {
  it('models layers and functions with Globals, parameters, conditions and intrinsics resolved', () => {
    const file = template(SAM);
    const model = load(file);
    const dir = join(file, '..');
    expect(model.layers).toEqual([
      {
        logicalId: 'Deps',
        layerName: 'Deps',
        content: join(dir, 'layer'),
        description: undefined,
        compatibleRuntimes: ['python3.12'],
        compatibleArchitectures: undefined,
        licenseInfo: 'MIT',
        retainReplaced: false,
      },
      {
        logicalId: 'Zipped',
        layerName: 'zipped-dev',
        content: join(dir, 'layer.zip'),
        description: undefined,
        compatibleRuntimes: undefined,
        compatibleArchitectures: ['x86_64'],
        licenseInfo: undefined,
        retainReplaced: true,
      },
    ]);
    const [fn] = model.functions;
    expect(model.functions).toHaveLength(1);
    expect(fn).toMatchObject({
      logicalId: 'Fn',
      functionName: 'Fn',
      runtime: 'python3.12',
      handler: 'app.handler',
      code: join(dir, 'src'),
      timeout: 10,
      memorySize: 256,
      // Globals' list entries first, then the function's own.
      layers: [
        { kind: 'arn', arn: 'arn:aws:lambda:eu-west-1:111122223333:layer:shared:4' },
        { kind: 'template', logicalId: 'Deps' },
        { kind: 'template', logicalId: 'Zipped' },
      ],
      environment: {
        STAGE: 'dev',
        SHARED: 'own',
        ARN: 'arn:aws:lambda:eu-west-1:111122223333:function:Fn',
        ZIPPED: 'arn:aws:lambda:eu-west-1:111122223333:layer:zipped-dev:1',
        WHERE: 'eu-west-1:111122223333:aws',
        SIZE: 'small',
      },
    });
    expect(model.notes).toEqual([
      'ProdOnly skipped: its condition IsProd is false',
      'Bucket (AWS::S3::Bucket) skipped: lsim simulates Lambda functions and layer versions only',
    ]);
  });

  it('takes overrides in both forms, names functions after the stack, quotes published layer ARNs', () => {
    const file = template(SAM);
    const overrides = parseOverrides(['Stage=prod', 'ParameterKey=Memory,ParameterValue=1024']);
    const layerArns = new Map([['Zipped', 'arn:aws:lambda:eu-west-1:111122223333:layer:zipped-prod:7']]);
    const model = load(file, { overrides, stackName: 'app', layerArns });
    expect(model.functions.map((fn) => [fn.functionName, fn.memorySize, fn.environment?.SIZE, fn.environment?.ZIPPED])).toEqual([
      ['app-Fn', 1024, 'big', 'arn:aws:lambda:eu-west-1:111122223333:layer:zipped-prod:7'],
      ['app-ProdOnly', undefined, undefined, undefined],
    ]);
    expect(model.layers.map((layer) => layer.layerName)).toEqual(['Deps', 'zipped-prod']);
  });

  it('refuses parameter values CloudFormation refuses', () => {
    const file = template(SAM);
    const failing = (words: string[]) => () => load(file, { overrides: parseOverrides(words) });
    expect(failing(['Stage=test'])).toThrow("Template error at Parameters.Stage: Parameter 'Stage' must be one of AllowedValues");
    expect(failing(['Memory=lots'])).toThrow("Parameter 'Memory' must be a number");
    expect(failing(['Nope=1'])).toThrow('--parameter-overrides names Nope, which the template does not declare');
    expect(() => parseOverrides(['novalue'])).toThrow(/is not Key=Value/);
    const noDefault = template('Parameters: {Name: {Type: String}}\nResources: {F: {Type: AWS::S3::Bucket}}');
    expect(() => load(noDefault)).toThrow('Template error at Parameters.Name: Parameters: [Name] must have values');
  });

  it('names the place of a bad property, a missing folder, S3 or inline code', () => {
    const fn = (properties: string) =>
      template(
        `Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {Runtime: python3.12, Handler: a.b, ${properties}}`,
      );
    expect(() => load(fn('CodeUri: gone'))).toThrow(/^Template error at Resources.Fn.Properties.CodeUri: gone: no such file or directory/);
    expect(() => load(fn('CodeUri: s3://bucket/key.zip'))).toThrow(/CodeUri: lsim reads code from a local folder or zip, not from S3/);
    expect(() => load(fn('InlineCode: "def h(e, c): pass"'))).toThrow(/CodeUri: lsim does not run inline code/);
    expect(() => load(fn('CodeUri: src, Timeout: soon'))).toThrow('Template error at Resources.Fn.Properties.Timeout: must be an integer');
    expect(() => load(fn('CodeUri: src, Layers: [!Ref Bucket]'))).toThrow(/Unresolved resource dependencies \[Bucket\]/);
    const role = template(
      'Resources:\n  R: {Type: AWS::IAM::Role}\n  Fn:\n    Type: AWS::Serverless::Function\n' +
        '    Properties: {Runtime: python3.12, Handler: a.b, CodeUri: src, Role: !GetAtt R.Arn, Environment: {Variables: {R: !Ref R}}}',
    );
    expect(() => load(role)).toThrow(
      'Template error at Resources.Fn.Properties.Environment.Variables.R: R is a AWS::IAM::Role, which lsim does not simulate',
    );
  });

  it('says lsim runs no build for a BuildMethod folder, and nothing for .aws-sam/build', () => {
    const text =
      'Resources:\n  L:\n    Type: AWS::Serverless::LayerVersion\n    Properties: {ContentUri: layer}\n    Metadata: {BuildMethod: python3.12}';
    expect(load(template(text)).notes).toEqual([
      'L has Metadata.BuildMethod python3.12: lsim runs no build and uses its folder as it is; run `sam build` and pass -t .aws-sam/build/template.yaml to use the built one',
    ]);
    expect(load(template(text, '.aws-sam/build/template.yaml')).notes).toEqual([]);
  });
});

describe('loadTemplate: a synthesized cdk.out', () => {
  const CDK = JSON.stringify({
    Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' } },
    Resources: {
      Layer0A1B2C3D: {
        Type: 'AWS::Lambda::LayerVersion',
        Properties: { Content: { S3Bucket: { 'Fn::Sub': 'cdk-assets-${AWS::AccountId}' }, S3Key: 'abc.zip' } },
        Metadata: { 'aws:cdk:path': 'Stack/Layer/Resource', 'aws:asset:path': 'layer', 'aws:asset:property': 'Content' },
      },
      HandlerE1F2A3B4: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Code: { S3Bucket: 'cdk-assets', S3Key: 'def.zip' },
          Handler: 'index.handler',
          Runtime: 'python3.12',
          Layers: [{ Ref: 'Layer0A1B2C3D' }],
          Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
        },
        Metadata: { 'aws:cdk:path': 'Stack/Api/Handler/Resource', 'aws:asset:path': 'src', 'aws:asset:property': 'Code' },
      },
      Role: { Type: 'AWS::IAM::Role' },
    },
  });

  it('takes code and layers from the asset folders, and finds a function by logical id or construct path', () => {
    const file = template(CDK, 'cdk.out/Stack.template.json');
    const model = load(file);
    expect(model.layers.map((layer) => [layer.layerName, layer.content])).toEqual([['Layer0A1B2C3D', join(file, '..', 'layer')]]);
    for (const name of ['HandlerE1F2A3B4', 'Handler', 'Api/Handler', 'Stack/Api/Handler', 'Stack/Api/Handler/Resource']) {
      expect(findFunction(model, name)).toMatchObject({ logicalId: 'HandlerE1F2A3B4', code: join(file, '..', 'src') });
    }
    expect(() => findFunction(model, 'Other')).toThrow(
      /Function not found: Other is not a function of .*Stack.template.json \(its functions: HandlerE1F2A3B4\)/,
    );
  });

  it('refuses a Ref of an SSM parameter unless overridden', () => {
    const file = template(
      'Parameters: {V: {Type: "AWS::SSM::Parameter::Value<String>"}}\nResources:\n  L:\n    Type: AWS::Lambda::LayerVersion\n    Properties: {Content: layer, Description: !Ref V}',
    );
    expect(() => load(file)).toThrow(
      'Template error at Resources.L.Properties.Description.Ref: lsim cannot read the SSM parameter V: give its value with --parameter-overrides V=VALUE',
    );
    expect(load(file, { overrides: parseOverrides(['V=seen']) }).layers[0]?.description).toBe('seen');
  });
});
