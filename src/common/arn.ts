/**
 * Lambda ARNs for layers, layer versions and functions, built and parsed exactly as Lambda prints
 * them. Only the `aws` partition is produced; parsing accepts any `aws*` partition as the API does.
 */

export interface LayerArnParts {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly layerName: string;
  /** Absent for an unversioned layer ARN. */
  readonly version?: number;
}

export interface FunctionArnParts {
  readonly region: string;
  readonly accountId: string;
  readonly functionName: string;
  readonly qualifier?: string;
}

const LAYER_ARN = /^arn:(aws[a-zA-Z-]*):lambda:([a-z0-9-]+):(\d{12}):layer:([a-zA-Z0-9-_]+)(?::([0-9]+))?$/;
const FUNCTION_ARN = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9-_.]+)(?::([a-zA-Z0-9-_$.]+))?$/;

export function layerArn(region: string, accountId: string, layerName: string): string {
  return `arn:aws:lambda:${region}:${accountId}:layer:${layerName}`;
}

export function layerVersionArn(region: string, accountId: string, layerName: string, version: number): string {
  return `${layerArn(region, accountId, layerName)}:${version}`;
}

export function functionArn(region: string, accountId: string, functionName: string, qualifier?: string): string {
  const base = `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;
  return qualifier === undefined ? base : `${base}:${qualifier}`;
}

/** Parses a layer ARN with or without a version; undefined when the text is not one. */
export function parseLayerArn(arn: string): LayerArnParts | undefined {
  const match = LAYER_ARN.exec(arn);
  if (match === null) return undefined;
  const [, partition = '', region = '', accountId = '', layerName = '', version] = match;
  const parts = { partition, region, accountId, layerName };
  return version === undefined ? parts : { ...parts, version: Number(version) };
}

/** Parses a full function ARN (optionally qualified); undefined when the text is not one. */
export function parseFunctionArn(arn: string): FunctionArnParts | undefined {
  const match = FUNCTION_ARN.exec(arn);
  if (match === null) return undefined;
  const [, region = '', accountId = '', functionName = '', qualifier] = match;
  const parts = { region, accountId, functionName };
  return qualifier === undefined ? parts : { ...parts, qualifier };
}
