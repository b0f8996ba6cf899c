import { pythonStr } from './python-str.js';
import { textWidth } from './text-width.js';

/** One titled block of the aws CLI's table output (awscli/table.py `Section`). */
export class Section {
  title = '';
  headers: string[] = [];
  rows: string[][] = [];
  indentLevel = 0;
  private numCols: number | undefined;
  private maxWidths: number[] = [];

  addHeader(headers: readonly string[]): void {
    this.updateMaxWidths(headers);
    this.numCols ??= headers.length;
    this.headers = [...headers];
  }

  addRow(row: readonly unknown[]): void {
    this.numCols ??= row.length;
    const cells = row.map(pythonStr);
    this.rows.push(cells);
    this.updateMaxWidths(cells);
  }

  /** Each column's width plus `padding`, scaled so that they add up to `maxWidth` when given. */
  columnWidths(padding = 0, maxWidth?: number): number[] {
    const unscaled = this.maxWidths.map((width) => width + padding);
    if (maxWidth === undefined || unscaled.length === 0) return unscaled;
    const factor = maxWidth / unscaled.reduce((sum, width) => sum + width, 0);
    const scaled = unscaled.map((width) => pythonRound(factor * width));
    let offBy = scaled.reduce((sum, width) => sum + width, 0) - maxWidth;
    while (offBy !== 0) {
      const order = scaled.map((_, index) => index);
      if (offBy < 0) order.reverse();
      for (const index of order) {
        scaled[index] = (scaled[index] ?? 0) + (offBy > 0 ? -1 : 1);
        offBy += offBy > 0 ? -1 : 1;
        if (offBy === 0) break;
      }
    }
    return scaled;
  }

  totalWidth(padding: number, outerPadding: number): number {
    const border = 2;
    const total = this.columnWidths().reduce((sum, width) => sum + width + padding, 0) + border + 2 * outerPadding;
    return Math.max(textWidth(this.title) + border + 2 * outerPadding, total);
  }

  private updateMaxWidths(row: readonly string[]): void {
    if (this.maxWidths.length === 0) {
      this.maxWidths = row.map(textWidth);
      return;
    }
    row.forEach((cell, index) => {
      this.maxWidths[index] = Math.max(textWidth(cell), this.maxWidths[index] ?? 0);
    });
  }
}

/** Python 3's round(): halves go to the even neighbour. */
function pythonRound(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
