/**
 * Just enough of a terminal to follow the browser's painter: cursor placement (CUP, CUF), erases
 * (ECH, EL, ED), text with its wide characters; colours and modes change nothing on the grid.
 * The tests read the screen the painter leaves, not its escape codes.
 */
export class Vt {
  readonly grid: string[][];
  row = 0;
  col = 0;

  constructor(
    readonly rows: number,
    readonly cols: number,
  ) {
    this.grid = Array.from({ length: rows }, () => Array<string>(cols).fill(' '));
  }

  /** Each row as text (a wide character's right half is not a column of its own in the text). */
  lines(): string[] {
    return this.grid.map((r) => r.join(''));
  }

  private erase(r: number, a: number, b: number): void {
    for (let i = Math.max(0, a); i < Math.min(this.cols, b); i++) this.grid[r][i] = ' ';
  }

  feed(s: string): void {
    const re = /\x1b\[([0-?]*)[ -/]*([@-~])|\x1b\][^\x07]*\x07|([^\x1b])/gsu;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      if (m[3] !== undefined) {
        const ch = m[3];
        if (ch === '\r') this.col = 0;
        else if (ch === '\n') this.row = Math.min(this.rows - 1, this.row + 1);
        else {
          if (this.col >= this.cols) continue;
          this.grid[this.row][this.col++] = ch;
          // a wide character takes two columns
          if (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/u.test(ch) && this.col < this.cols) this.grid[this.row][this.col++] = '';
        }
        continue;
      }
      if (m[1] === undefined || m[1].startsWith('?')) continue;
      const n = m[1].split(';').map((x) => (x === '' ? NaN : Number(x)));
      const at = (i: number, d: number) => (Number.isNaN(n[i]) || n[i] === undefined ? d : n[i]);
      switch (m[2]) {
        case 'H':
          this.row = at(0, 1) - 1;
          this.col = at(1, 1) - 1;
          break;
        case 'C':
          this.col += at(0, 1);
          break;
        case 'X':
          this.erase(this.row, this.col, this.col + at(0, 1));
          break;
        case 'K':
          this.erase(this.row, at(0, 0) === 0 ? this.col : 0, at(0, 0) === 1 ? this.col + 1 : this.cols);
          break;
        case 'J':
          if (at(0, 0) >= 2) for (let r = 0; r < this.rows; r++) this.erase(r, 0, this.cols);
          break;
        default:
          break;
      }
    }
  }
}
