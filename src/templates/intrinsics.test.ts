import { describe, expect, it } from 'vitest';
import { parseTemplateText } from './cfn-yaml.js';
import { evaluateCondition, NO_VALUE, resolveValue, ResourceRef, type IntrinsicScope } from './intrinsics.js';

/** A scope with one parameter of each kind, one condition each way and two resources. */
const scope: IntrinsicScope = {
  parameter: (name) => ({ Stage: 'dev', Subnets: ['a', 'b'] })[name],
  pseudo: (name) => ({ 'AWS::Region': 'eu-west-1', 'AWS::AccountId': '111122223333', 'AWS::Partition': 'aws' })[name],
  condition: (name, place) => {
    if (name === 'Yes') return true;
    if (name === 'No') return false;
    throw new Error(`unknown condition ${name} at ${place}`);
  },
  hasResource: (id) => id === 'Fn' || id === 'Layer',
  refString: (id) => (id === 'Fn' ? 'my-fn' : 'arn:aws:lambda:eu-west-1:111122223333:layer:l:1'),
  attribute: (id, attribute) => `${id}.${attribute}!`,
};

const yaml = (text: string): unknown => parseTemplateText(text, 'template.yaml');
const resolve = (text: string): unknown => resolveValue(yaml(text), scope, 'Resources.X.Properties');

describe('CloudFormation YAML tags', () => {
  it('reads every short form as its long form, JSON templates as they are', () => {
    expect(yaml('a: !Ref X\nb: !GetAtt F.Arn\nc: !GetAtt [F, Arn]\nd: !Sub "${X}"\ne: !Join [",", [a, !Ref Y]]')).toEqual({
      a: { Ref: 'X' },
      b: { 'Fn::GetAtt': ['F', 'Arn'] },
      c: { 'Fn::GetAtt': ['F', 'Arn'] },
      d: { 'Fn::Sub': '${X}' },
      e: { 'Fn::Join': [',', ['a', { Ref: 'Y' }]] },
    });
    expect(yaml('a: !If [C, !Equals [a, b], !Not [!Condition D]]')).toEqual({
      a: { 'Fn::If': ['C', { 'Fn::Equals': ['a', 'b'] }, { 'Fn::Not': [{ Condition: 'D' }] }] },
    });
    expect(yaml('a: !GetAtt Db.Endpoint.Address')).toEqual({ a: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] } });
    expect(yaml('{"a": {"Fn::Sub": "x"}, "b": [1, true]}')).toEqual({ a: { 'Fn::Sub': 'x' }, b: [1, true] });
  });

  it('refuses text that is neither YAML nor JSON, naming the file', () => {
    expect(() => yaml('a: [unclosed')).toThrow(/^Template error at template.yaml: the template is not valid YAML or JSON/);
  });
});

describe('intrinsic functions', () => {
  it('Ref: parameters (lists as lists), pseudo parameters, resources as references, AWS::NoValue removes', () => {
    expect(resolve('a: !Ref Stage\nb: !Ref Subnets\nc: !Ref AWS::Region\nd: !Ref Fn\ne: !Ref AWS::NoValue')).toEqual({
      a: 'dev',
      b: ['a', 'b'],
      c: 'eu-west-1',
      d: new ResourceRef('Fn'),
    });
    expect(resolve('l: [!Ref AWS::NoValue, x]')).toEqual({ l: ['x'] });
    expect(() => resolve('a: !Ref Missing')).toThrow(
      'Template error at Resources.X.Properties.a.Ref: Unresolved resource dependencies [Missing] in the Resources block of the template',
    );
  });

  it('Fn::Sub: both forms, pseudo parameters, resources and their attributes, ${!Literal}', () => {
    expect(resolve('a: !Sub "${Stage}-${AWS::AccountId}-${Fn}-${Fn.Arn}-${!Stage}"')).toEqual({
      a: 'dev-111122223333-my-fn-Fn.Arn!-${Stage}',
    });
    expect(resolve('a: !Sub ["${Name}/${Stage}", {Name: !Ref AWS::Partition}]')).toEqual({ a: 'aws/dev' });
    expect(resolve('a: {"Fn::Sub": ["${A}", {A: !Join ["+", [x, y]]}]}')).toEqual({ a: 'x+y' });
    expect(() => resolve('a: !Sub "${Nope}"')).toThrow(/at Resources.X.Properties.a.Fn::Sub: Unresolved resource dependencies \[Nope\]/);
    expect(() => resolve('a: !Sub [x]')).toThrow(/Fn::Sub takes a string, or \[string, \{Name: value\}\]/);
  });

  it('Fn::GetAtt in both forms; Fn::Join of values, of a list parameter, of a layer reference', () => {
    expect(resolve('a: !GetAtt Fn.Arn\nb: {"Fn::GetAtt": [Layer, LayerVersionArn]}')).toEqual({
      a: 'Fn.Arn!',
      b: 'Layer.LayerVersionArn!',
    });
    expect(resolve('a: !Join [":", [x, 1, !Ref Stage]]\nb: !Join [",", !Ref Subnets]\nc: !Join ["", [!Ref Layer]]')).toEqual({
      a: 'x:1:dev',
      b: 'a,b',
      c: 'arn:aws:lambda:eu-west-1:111122223333:layer:l:1',
    });
    expect(() => resolve('a: !GetAtt Gone.Arn')).toThrow(/Unresolved resource dependencies \[Gone\]/);
    expect(() => resolve('a: !Join [",", x]')).toThrow('Template error at Resources.X.Properties.a.Fn::Join[1]: Fn::Join joins a list');
  });

  it('Fn::If picks by condition, AWS::NoValue drops the property', () => {
    expect(resolve('a: !If [Yes, 1, 2]\nb: !If [No, 1, !Ref AWS::NoValue]\nc: !If [No, x, !Ref Stage]')).toEqual({ a: 1, c: 'dev' });
    expect(() => resolve('a: !If [Yes, 1]')).toThrow(/Fn::If takes \[ConditionName, value if true, value if false\]/);
  });

  it('condition functions: Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition', () => {
    const condition = (text: string): boolean => evaluateCondition(yaml(text), scope, 'Conditions.C');
    expect(condition('!Equals [!Ref Stage, dev]')).toBe(true);
    expect(condition('!Equals [!Ref AWS::Region, us-east-1]')).toBe(false);
    expect(condition('!Not [!Equals [a, a]]')).toBe(false);
    expect(condition('!And [!Condition Yes, !Equals [1, "1"]]')).toBe(true);
    expect(condition('!And [!Condition Yes, !Condition No]')).toBe(false);
    expect(condition('!Or [!Condition No, {Condition: Yes}]')).toBe(true);
    expect(() => condition('!Contains [[a], a]')).toThrow(/at Conditions.C.Fn::Contains: Fn::Contains is not a condition function/);
  });

  it('refuses the intrinsics lsim does not resolve, naming the function and the place', () => {
    expect(() => resolve('Environment: {Variables: {A: !Select [0, [a]]}}')).toThrow(
      'Template error at Resources.X.Properties.Environment.Variables.A.Fn::Select: Fn::Select is not supported by lsim ' +
        '(it resolves Ref, Fn::Sub, Fn::GetAtt, Fn::Join, Fn::If and, in Conditions, Fn::Equals, Fn::Not, Fn::And, Fn::Or)',
    );
    expect(() => resolve('a: !FindInMap [M, k, v]')).toThrow(/Fn::FindInMap is not supported by lsim/);
    expect(() => resolve('a: !Equals [a, a]')).toThrow(/Fn::Equals is not supported by lsim/);
  });

  it('keeps NO_VALUE out of resolved maps and lists entirely', () => {
    expect(Object.values(resolve('a: !Ref AWS::NoValue\nb: [!Ref AWS::NoValue]') as object)).not.toContain(NO_VALUE);
  });
});
