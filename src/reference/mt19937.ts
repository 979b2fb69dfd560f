/**
 * The Mersenne Twister MT19937 (Matsumoto & Nishimura, 1998) as CPython's `_random` module
 * uses it: 624 words of state, `init_by_array` seeding and tempered 32-bit outputs.
 * Written from the published algorithm; all arithmetic is on unsigned 32-bit words.
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/**
 * MT19937 state plus its output function.
 *
 * @example
 * const mt = new Mt19937();
 * mt.seedByArray([0]);        // what CPython's random.seed(0) does
 * mt.nextUint32();            // 3626764237
 */
export class Mt19937 {
  private readonly mt = new Uint32Array(N);
  private index = N + 1;

  /** Fills the state from one 32-bit word (the reference `init_genrand`). */
  seedWord(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]!;
      mt[i] = (Math.imul(1812433253, (prev ^ (prev >>> 30)) >>> 0) + i) >>> 0;
    }
    this.index = N;
  }

  /**
   * Fills the state from an array of 32-bit words (the reference `init_by_array`),
   * which CPython uses for every integer seed. `key` must hold at least one word.
   */
  seedByArray(key: ArrayLike<number>): void {
    if (key.length === 0) throw new RangeError('seedByArray needs at least one key word');
    const mt = this.mt;
    this.seedWord(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1]!;
      const mixed = (mt[i]! ^ Math.imul((prev ^ (prev >>> 30)) >>> 0, 1664525)) >>> 0;
      mt[i] = (mixed + (key[j]! >>> 0) + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1]!;
      const mixed = (mt[i]! ^ Math.imul((prev ^ (prev >>> 30)) >>> 0, 1566083941)) >>> 0;
      mt[i] = (mixed - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
    }
    mt[0] = UPPER_MASK; // MSB is 1, assuring a non-zero initial array
    this.index = N;
  }

  /** The next tempered output, an integer in [0, 2^32) (the reference `genrand_uint32`). */
  nextUint32(): number {
    if (this.index >= N) {
      if (this.index === N + 1) this.seedWord(5489); // never seeded: the reference default
      this.twist();
    }
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Regenerates all N words of state at once. */
  private twist(): void {
    const mt = this.mt;
    for (let kk = 0; kk < N; kk++) {
      const y = (mt[kk]! & UPPER_MASK) | (mt[(kk + 1) % N]! & LOWER_MASK);
      mt[kk] = (mt[(kk + M) % N]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)) >>> 0;
    }
    this.index = 0;
  }
}
