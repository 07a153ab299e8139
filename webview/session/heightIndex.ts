// Row heights and their running offsets for the virtual list: estimated until a row is measured,
// remembered by row key (so an older page put in front keeps what was measured). Offsets are
// recomputed lazily from the first changed row, so appending or measuring the rows in view
// costs little even with 100,000 rows.

export class HeightIndex {
  private heights = new Float64Array(64);
  private offsets = new Float64Array(65);
  private n = 0;
  /** offsets[0..validUpTo] are correct. */
  private validUpTo = 0;
  private readonly measured = new Map<string, number>();

  get count(): number {
    return this.n;
  }

  /**
   * Bring the index to `count` rows: all rebuilt (a new log or an older page in front) or only the
   * new ones at the end appended.
   */
  sync(count: number, rebuild: boolean, keyAt: (i: number) => string, estimate: (i: number) => number): void {
    const from = rebuild ? 0 : Math.min(this.n, count);
    this.ensureCapacity(count);
    for (let i = from; i < count; i++) this.heights[i] = this.measured.get(keyAt(i)) ?? estimate(i);
    this.n = count;
    this.validUpTo = Math.min(this.validUpTo, from);
  }

  /** A row's measured height; returns how much it changed. */
  measure(i: number, key: string, height: number): number {
    if (i >= this.n || height <= 0) return 0;
    this.measured.set(key, height);
    const delta = height - this.heights[i];
    if (delta === 0) return 0;
    this.heights[i] = height;
    this.validUpTo = Math.min(this.validUpTo, i);
    return delta;
  }

  offset(i: number): number {
    const target = Math.min(Math.max(i, 0), this.n);
    if (target > this.validUpTo) {
      for (let k = this.validUpTo; k < target; k++) this.offsets[k + 1] = this.offsets[k] + this.heights[k];
      this.validUpTo = target;
    }
    return this.offsets[target];
  }

  total(): number {
    return this.offset(this.n);
  }

  /** The row at vertical position `y` (clamped to the rows there are). */
  indexAt(y: number): number {
    if (this.n === 0) return 0;
    this.offset(this.n);
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.offsets[mid] <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private ensureCapacity(count: number): void {
    if (count <= this.heights.length) return;
    let size = this.heights.length;
    while (size < count) size *= 2;
    const heights = new Float64Array(size);
    heights.set(this.heights.subarray(0, this.n));
    const offsets = new Float64Array(size + 1);
    offsets.set(this.offsets.subarray(0, this.validUpTo + 1));
    this.heights = heights;
    this.offsets = offsets;
  }
}
