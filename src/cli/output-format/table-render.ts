import { Section } from './table-section.js';
import { textWidth } from './text-width.js';

/** colorama's codes, as awscli/table.py's ColorizedStyler uses them. */
const RESET = '\x1b[0m';
const ROW = (text: string): string => `\x1b[1m\x1b[34m${text}${RESET}`;
const INDENT = (text: string): string => `\x1b[2m\x1b[33m${text}${RESET}`;

export interface TableStyle {
  /** `--color on`: row values bright blue, nesting bars dim yellow, and colorama's reset after every write. */
  readonly color: boolean;
  /** The terminal's columns (80 when stdout is not a terminal, as the aws CLI assumes). */
  readonly terminalWidth: number;
}

/**
 * awscli/table.py's MultiTable.render: every section drawn at the widest section's width; when that
 * exceeds the terminal, each single-row section is turned into key/value rows first. Each `write`
 * matches one of the aws CLI's stream writes, since colorama (autoreset) resets after each of them.
 */
export function renderSections(sections: Section[], style: TableStyle): string {
  const chunks: string[] = [];
  const write = (text: string): void => {
    chunks.push(text);
    if (style.color) chunks.push(RESET);
  };
  let maxWidth = widest(sections);
  if (maxWidth > style.terminalWidth) {
    toVertical(sections);
    maxWidth = widest(sections);
  }
  write(`${'-'.repeat(maxWidth)}\n`);
  for (const section of sections) renderSection(section, maxWidth, style, write);
  return chunks.join('');
}

function widest(sections: readonly Section[]): number {
  return Math.max(...sections.map((section) => section.totalWidth(4, section.indentLevel)));
}

function toVertical(sections: Section[]): void {
  sections.forEach((section, index) => {
    if (section.rows.length !== 1 || section.headers.length === 0) return;
    const vertical = new Section();
    vertical.title = section.title;
    vertical.indentLevel = section.indentLevel;
    const [row] = section.rows;
    section.headers.forEach((header, column) => {
      if (row !== undefined && column < row.length) vertical.addRow([header, row[column]]);
    });
    sections[index] = vertical;
  });
}

type Write = (text: string) => void;

function renderSection(section: Section, fullWidth: number, style: TableStyle, rawWrite: Write): void {
  const bar = style.color ? INDENT('|') : '|';
  const level = section.indentLevel;
  // awscli/table.py's IndentedStream: the nesting bars around every line, each piece its own write.
  const write: Write = (text) => {
    rawWrite(bar.repeat(level));
    if (text.endsWith('\n')) {
      rawWrite(text.slice(0, -1));
      rawWrite(bar.repeat(level));
      rawWrite('\n');
    } else {
      rawWrite(text);
    }
  };
  const maxWidth = fullWidth - level * 2;
  if (section.title !== '') {
    write(`${centerText(section.title, maxWidth, '|', '|', textWidth(section.title))}\n`);
    if (section.headers.length === 0 && section.rows.length === 0) write(`+${'-'.repeat(maxWidth - 2)}+\n`);
  }
  if (section.headers.length > 0) {
    const widths = section.columnWidths(4, maxWidth);
    let line = '';
    section.headers.forEach((header, index) => {
      line += centerText(header, widths[index] ?? 0, index === 0 ? '|' : '', '|', textWidth(header));
    });
    writeLineBreak(write, widths);
    write(`${line}\n`);
  }
  if (section.rows.length === 0) return;
  const widths = section.columnWidths(4, maxWidth);
  if (widths.length === 0) return;
  writeLineBreak(write, widths);
  for (const row of section.rows) {
    let line = '';
    // zip(): a row shorter or longer than the widths stops at the shorter.
    const count = Math.min(widths.length, row.length);
    for (let index = 0; index < count; index++) {
      const cell = row[index] ?? '';
      line += alignLeft(style.color ? ROW(cell) : cell, widths[index] ?? 0, index === 0 ? '|' : '', '|', textWidth(cell));
    }
    write(`${line}\n`);
  }
  writeLineBreak(write, widths);
}

function writeLineBreak(write: Write, widths: readonly number[]): void {
  const parts = widths.map((width, index) =>
    index === 0 ? `+${'-'.repeat(Math.max(width - 2, 0))}+` : `${'-'.repeat(Math.max(width - 1, 0))}+`,
  );
  write(`${parts.join('')}\n`);
}

function centerText(text: string, length: number, left: string, right: string, length0: number): string {
  const start = Math.floor(length / 2) - Math.floor(length0 / 2) - 1;
  const sofar = textWidth(left) + start + length0;
  const rightSpaces = length - textWidth(right) - sofar;
  return `${left}${' '.repeat(Math.max(start, 0))}${text}${' '.repeat(Math.max(rightSpaces, 0))}${right}`;
}

function alignLeft(text: string, length: number, left: string, right: string, length0: number): string {
  const computed = length0 + 2 + textWidth(left) + textWidth(right);
  const padding = length - computed >= 0 ? 2 : 0;
  const sofar = left.length + padding + length0;
  return `${left}${' '.repeat(padding)}${text}${' '.repeat(Math.max(length - sofar - right.length, 0))}${right}`;
}
