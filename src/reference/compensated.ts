/** A vector of f64 sums with Neumaier compensation per component: exact to O(eps) of Σ|v| in any order. */
export class CompensatedVector {
  private readonly sum: Float64Array;
  private readonly comp: Float64Array;

  constructor(width: number) {
    this.sum = new Float64Array(width);
    this.comp = new Float64Array(width);
  }

  add(c: number, v: number): void {
    const s = this.sum[c] + v;
    this.comp[c] += Math.abs(this.sum[c]) >= Math.abs(v) ? (this.sum[c] - s) + v : (v - s) + this.sum[c];
    this.sum[c] = s;
  }

  /** The sums, compensated. */
  value(): number[] {
    return Array.from(this.sum, (s, c) => s + this.comp[c]);
  }
}
