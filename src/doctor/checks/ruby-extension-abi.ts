import { rubyAbiVersion, type RubyRuntimeInfo } from '../../runtimes/families/ruby.js';
import { listed, type Finding } from '../finding.js';
import type { NativeFile } from './native-files.js';

/**
 * The Ruby a C extension is linked against, from its DT_NEEDED: `libruby.so.3.2` as Ruby's own
 * `--enable-shared` build names it, `libruby-3.1.so.3.1` as Debian's does. Released Rubies do not
 * check `ruby_abi_version` (it is 0 there), so the needed soname is what decides: the loader cannot
 * find another minor's libruby (docs/lambda-facts.md#ruby-extensions).
 */
const LIBRUBY = /^libruby[\d.-]*\.so\.(\d+\.\d+)(?:\.\d+)*$/;

export function linkedRuby(file: NativeFile): { soname: string; minor: string } | undefined {
  for (const soname of file.elf.needed) {
    const minor = LIBRUBY.exec(soname)?.[1];
    if (minor !== undefined) return { soname, minor };
  }
  return undefined;
}

/** Extensions linked against another Ruby minor than the runtime's: `require` raises LoadError. */
export function rubyExtensionAbi(natives: readonly NativeFile[], info: RubyRuntimeInfo): Finding[] {
  const own = rubyAbiVersion(info);
  const wrong = natives.flatMap((file) => {
    const linked = linkedRuby(file);
    return linked === undefined || linked.minor === own ? [] : [{ file, ...linked }];
  });
  const first = wrong[0];
  if (first === undefined) return [];
  const minors = [...new Set(wrong.map((w) => w.minor))];
  const paths = wrong.map((w) => w.file.node.path);
  return [
    {
      severity: 'error',
      code: 'ruby-extension-abi-mismatch',
      message:
        `${listed(paths)} ${paths.length === 1 ? 'is a C extension' : 'are C extensions'} linked against Ruby ${minors.join(', ')}, ` +
        `but ${info.id} runs Ruby ${own}: require raises LoadError "${first.soname}: cannot open shared object file: ` +
        `No such file or directory - ${first.file.node.path}".`,
      fix:
        `Reinstall the gem with Ruby ${own} (\`bundle install\` in the public.ecr.aws/lambda/ruby:${own} image) and put it under ` +
        `ruby/gems/${info.rubyVersion}/ in the layer zip.`,
      paths,
    },
  ];
}
