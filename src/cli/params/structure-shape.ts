/** The part of a Lambda input shape lsim needs to read a structure parameter from the command line. */
/** `double-map`: string keys, number values (RoutingConfig's AdditionalVersionWeights). */
export type MemberType = 'string' | 'integer' | 'string-map' | 'double-map';

export interface MemberShape {
  readonly type: MemberType;
  readonly required?: boolean;
}

export interface StructureShape {
  /** The API member name, used in botocore's messages (`Unknown parameter in Content: ...`). */
  readonly name: string;
  readonly members: Readonly<Record<string, MemberShape>>;
}

const S3_MEMBERS = {
  S3Bucket: { type: 'string' },
  S3Key: { type: 'string' },
  S3ObjectVersion: { type: 'string' },
  // Accepted by the parser only so the command can say to use --zip-file instead.
  ZipFile: { type: 'string' },
} as const satisfies Record<string, MemberShape>;

export const SHAPES = {
  Content: { name: 'Content', members: S3_MEMBERS },
  Code: { name: 'Code', members: S3_MEMBERS },
  Environment: { name: 'Environment', members: { Variables: { type: 'string-map' } } },
  EphemeralStorage: { name: 'EphemeralStorage', members: { Size: { type: 'integer', required: true } } },
  RoutingConfig: { name: 'RoutingConfig', members: { AdditionalVersionWeights: { type: 'double-map' } } },
} as const satisfies Record<string, StructureShape>;
