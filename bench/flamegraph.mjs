// `node bench/flamegraph.mjs PROFILE.cpuprofile OUT.svg [--title TEXT] [--folded OUT.folded] [--exclude REGEX]`: a flame graph
// of a V8 CPU profile (`node --cpu-prof`), in the layout of Brendan Gregg's flamegraph.pl
// (https://www.brendangregg.com/flamegraphs.html): one box per stack frame, its width the share of samples
// whose stack passes through it, callers below their callees, siblings sorted by name. `--folded` also
// writes the folded stacks (`a;b;c <microseconds>`), the input format of flamegraph.pl and speedscope.
// `--exclude` leaves out the stacks with a frame matching REGEX (the bench's own profiler calls, say).
// The idle and garbage collector pseudo-frames are kept, so the width of `(idle)` shows how much of the
// run the process waited (on the engine, the runtime, the network) rather than computed.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

const WIDTH = 1200;
const ROW = 16;
const FONT = 11;
// Frames narrower than this (pixels) are left out of the picture (they stay in the folded stacks).
const MIN_PX = 0.3;

/** `name (file:line)`, the label of a V8 call frame. */
function frameName(callFrame) {
  const name = callFrame.functionName === '' ? '(anonymous)' : callFrame.functionName;
  if (callFrame.url === '') return name;
  const file = basename(callFrame.url.replace(/^file:\/\//, ''));
  return `${name} (${file}:${callFrame.lineNumber + 1})`;
}

/** The folded stacks of a profile: stack (root first, `;`-joined) → microseconds of samples. */
export function foldedStacks(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const time = new Map();
  profile.samples.forEach((id, i) => time.set(id, (time.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const folded = new Map();
  for (const [id, micros] of time) {
    const names = [];
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const node = nodes.get(at);
      if (node.callFrame.functionName === '(root)') break;
      names.push(frameName(node.callFrame).replaceAll(';', ','));
    }
    const stack = names.reverse().join(';');
    folded.set(stack, (folded.get(stack) ?? 0) + micros);
  }
  return folded;
}

/** The tree of folded stacks: { name, total, children: Map }. */
function tree(folded) {
  const root = { name: 'all', total: 0, children: new Map() };
  for (const [stack, micros] of folded) {
    root.total += micros;
    let node = root;
    for (const name of stack.split(';')) {
      if (!node.children.has(name)) node.children.set(name, { name, total: 0, children: new Map() });
      node = node.children.get(name);
      node.total += micros;
    }
  }
  return root;
}

const escape = (text) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** A warm colour from the frame's name, stable across runs (flamegraph.pl's "hot" palette). */
function colour(name) {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  if (name.startsWith('(idle)') || name.startsWith('(program)')) return 'rgb(200,200,200)';
  if (name.startsWith('(garbage collector)')) return 'rgb(120,160,220)';
  const lsim = /\((?!node:)[^)]*\.js:/.test(name) && !name.includes('node_modules');
  return lsim
    ? `rgb(${205 + (hash % 50)},${100 + (hash % 80)},${hash % 50})`
    : `rgb(${220 + (hash % 35)},${170 + (hash % 60)},${hash % 60})`;
}

export function flameGraphSvg(folded, title) {
  const root = tree(folded);
  const rects = [];
  let depth = 0;
  const scale = WIDTH / Math.max(1, root.total);
  const walk = (node, x, level) => {
    const width = node.total * scale;
    if (width < MIN_PX) return;
    depth = Math.max(depth, level);
    rects.push({ node, x, level, width });
    let childX = x;
    for (const child of [...node.children.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      walk(child, childX, level + 1);
      childX += child.total * scale;
    }
  };
  walk(root, 0, 0);
  const top = 40;
  const height = top + (depth + 1) * ROW + 10;
  const boxes = rects.map(({ node, x, level, width }) => {
    const y = height - 10 - (level + 1) * ROW;
    const share = ((100 * node.total) / root.total).toFixed(2);
    const label = `${node.name} (${(node.total / 1000).toFixed(1)} ms, ${share}%)`;
    const chars = Math.floor((width - 4) / (FONT * 0.6));
    const text = chars < 3 ? '' : node.name.length <= chars ? node.name : `${node.name.slice(0, chars - 2)}..`;
    return (
      `<g><title>${escape(label)}</title><rect x="${x.toFixed(2)}" y="${y}" width="${width.toFixed(2)}" height="${ROW - 1}" ` +
      `fill="${colour(node.name)}" rx="2"/>` +
      (text === '' ? '' : `<text x="${(x + 3).toFixed(2)}" y="${y + ROW - 4}">${escape(text)}</text>`) +
      '</g>'
    );
  });
  return [
    `<?xml version="1.0" standalone="no"?>`,
    `<svg version="1.1" width="${WIDTH}" height="${height}" xmlns="http://www.w3.org/2000/svg" font-family="Verdana, sans-serif" font-size="${FONT}">`,
    `<rect width="100%" height="100%" fill="rgb(250,250,240)"/>`,
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="15">${escape(title)}</text>`,
    `<text x="${WIDTH / 2}" y="34" text-anchor="middle" fill="rgb(90,90,90)">${(root.total / 1000).toFixed(0)} ms of samples; width = share of samples; hover a box for its time</text>`,
    ...boxes,
    '</svg>',
    '',
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(basename(process.argv[1]))) {
  const [input, output] = process.argv.slice(2);
  if (input === undefined || output === undefined) {
    console.error('usage: node bench/flamegraph.mjs PROFILE.cpuprofile OUT.svg [--title TEXT] [--folded OUT.folded] [--exclude REGEX]');
    process.exit(2);
  }
  const option = (name) => {
    const at = process.argv.indexOf(name);
    return at === -1 ? undefined : process.argv[at + 1];
  };
  const all = foldedStacks(JSON.parse(readFileSync(input, 'utf8')));
  const exclude = option('--exclude');
  const folded = exclude === undefined ? all : new Map([...all].filter(([stack]) => !new RegExp(exclude).test(stack)));
  writeFileSync(output, flameGraphSvg(folded, option('--title') ?? basename(input)));
  const foldedFile = option('--folded');
  if (foldedFile !== undefined) {
    writeFileSync(foldedFile, [...folded].map(([stack, micros]) => `${stack} ${micros}`).join('\n') + '\n');
  }
}
