/** The provided family: no language, the function or a layer brings its `bootstrap`. */
import { AL2, AL2023, type FamilyDescriptor, type OsInfo, type RuntimeBase, type RuntimeImage } from './family-types.js';

export type ProvidedRuntimeInfo = RuntimeBase<'provided'>;

/** provided* images hold no language: sh and curl from the base. */
const PROVIDED_IMAGE: RuntimeImage = { suite: 'bookworm', packages: [], buildArgs: {} };

const provided = <Id extends string>(id: Id, os: OsInfo): ProvidedRuntimeInfo & { readonly id: Id } => ({
  id,
  family: 'provided',
  os,
  interpreter: null,
  image: PROVIDED_IMAGE,
});

const RUNTIMES = [provided('provided.al2', AL2), provided('provided.al2023', AL2023)] as const;

export type ProvidedRuntimeId = (typeof RUNTIMES)[number]['id'];

export const PROVIDED: FamilyDescriptor<'provided', ProvidedRuntimeInfo> = {
  family: 'provided',
  imageFolder: 'provided',
  runtimes: RUNTIMES,
  platformPaths: 'provided',
  defaultEnv: () => [],
  searchPaths: () => [],
  // Where the function's own bootstrap is looked for (docs/lambda-facts.md#custom-runtime-bootstrap).
  bootstrapPaths: { file: 'provided/bootstrap', templates: ['/var/task/bootstrap /opt/bootstrap'] },
  awsBaseImageTag: (info) => info.id.slice('provided.'.length),
};
