import { readElf, type ElfInfo } from '../elf/elf-reader.js';
import type { SandboxNode } from '../tree/sandbox-view.js';
import type { SandboxView } from '../tree/sandbox-view.js';
import { isAddonAbiSymbol } from './node-addon-abi.js';

/** Extensions that are never ELF: skipping them keeps a large layer's scan to its binaries. */
const NOT_NATIVE =
  /\.(py|pyc|pyi|js|mjs|cjs|ts|map|json|md|txt|rst|html|css|rb|java|class|jar|xml|yml|yaml|toml|cfg|ini|csv|svg|png|jpg|gif|h|c|cc|cpp|pth|typed|lock|sh|pem)$/i;
/** A node scanning thousands of files should not open them all at once. */
const BATCH = 16;

export interface NativeFile {
  readonly node: SandboxNode;
  readonly elf: ElfInfo;
}

/**
 * Every loadable ELF file of /opt and /var/task (relocatable objects, .o, are never loaded). Only
 * Node.js addons get their symbols read: their ABI is in a symbol's name.
 */
export async function nativeFiles(view: SandboxView): Promise<NativeFile[]> {
  const candidates = view.all().filter((node) => node.entry.type === 'file' && node.entry.size >= 64 && !NOT_NATIVE.test(node.path));
  const natives: NativeFile[] = [];
  for (let i = 0; i < candidates.length; i += BATCH) {
    const batch = candidates.slice(i, i + BATCH);
    const read = await Promise.all(
      batch.map((node) =>
        readElf((offset, length) => node.source.read(node.entry.path, offset, length), {
          symbols: node.path.endsWith('.node') ? isAddonAbiSymbol : undefined,
        }).catch(() => undefined),
      ),
    );
    batch.forEach((node, k) => {
      const elf = read[k];
      if (elf !== undefined && elf.fileType !== 1) natives.push({ node, elf });
    });
  }
  return natives;
}
