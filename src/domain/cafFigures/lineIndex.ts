// The duplicate check's memory: the first line of each (section, indicator) key within one
// (month, perimeter) group. A million rows make ten thousand groups, so each must be small.

const EMPTY = new Int32Array(0);

/**
 * First file line of each small non-negative integer key. Keys are dense in practice
 * (section ids × 3 + indicator), so a typed array indexed by key costs 4 bytes a key where
 * a Map costs about 30; it turns into a Map when keys get sparse, which bounds memory by
 * the number of keys either way.
 */
export class LineIndex {
  private lines: Int32Array = new Int32Array(64); // 0 = key not seen (file lines start at 1)
  private map: Map<number, number> | null = null;
  private size = 0;

  get(key: number): number | undefined {
    if (this.map !== null) return this.map.get(key);
    const line = key < this.lines.length ? this.lines[key]! : 0;
    return line === 0 ? undefined : line;
  }

  set(key: number, line: number): void {
    if (this.map === null && key >= this.lines.length) {
      const length = Math.max(key + 1, Math.ceil(this.lines.length * 1.5));
      if (length > 4 * (this.size + 16)) this.toMap();
      else {
        const grown = new Int32Array(length);
        grown.set(this.lines);
        this.lines = grown;
      }
    }
    if (this.map !== null) this.map.set(key, line);
    else this.lines[key] = line;
    this.size++;
  }

  private toMap(): void {
    this.map = new Map();
    this.lines.forEach((line, key) => {
      if (line !== 0) this.map!.set(key, line);
    });
    this.lines = EMPTY;
  }
}
