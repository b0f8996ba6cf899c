import { parse, type CollectionTag, type ScalarTag, type YAMLMap, type YAMLSeq } from 'yaml';
import { templateError } from './template-error.js';

/**
 * CloudFormation's short-form tags (`!Ref X`, `!Sub '...'`, `!GetAtt A.B`, ...) read as their long
 * forms (`{Ref: X}`, `{"Fn::Sub": ...}`), so everything after parsing sees one shape. The list is
 * CloudFormation's whole set of short forms (docs/templates.md#intrinsic-functions): a tag lsim does
 * not resolve must still parse, so the error can name the function and where it was used.
 */
const FUNCTIONS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAZs',
  'GetAtt',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
  'ToJsonString',
  'Length',
  'Contains',
] as const;

function longName(name: string): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

function tagsOf(name: string): Array<ScalarTag | CollectionTag> {
  const key = longName(name);
  const tag = `!${name}`;
  return [
    {
      tag,
      // `!GetAtt Res.Attr` is the only short form whose scalar is not the long form's value.
      resolve: (text: string) => ({ [key]: name === 'GetAtt' ? splitAttribute(text) : text }),
    },
    { tag, collection: 'seq', resolve: (seq) => ({ [key]: (seq as YAMLSeq).toJSON() as unknown }) },
    { tag, collection: 'map', resolve: (map) => ({ [key]: (map as YAMLMap).toJSON() as unknown }) },
  ];
}

/** `Res.Attr.With.Dots`: the logical id cannot hold a dot, the attribute name can (`Endpoint.Address`). */
function splitAttribute(text: string): string[] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

const CUSTOM_TAGS = [...['Ref', 'Condition', ...FUNCTIONS].flatMap(tagsOf)];

/** A template's text (YAML with CloudFormation tags, or JSON, which YAML 1.2 reads as it is). */
export function parseTemplateText(text: string, file: string): unknown {
  try {
    return parse(text, { customTags: CUSTOM_TAGS, uniqueKeys: true, maxAliasCount: 1000 });
  } catch (error) {
    throw templateError(file, `the template is not valid YAML or JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
