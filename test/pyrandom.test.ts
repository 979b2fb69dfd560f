// CPython-compatible random (src/reference/pyrandom.ts, mt19937.ts) against values printed by python3 3.11.
import { describe, expect, it } from 'vitest';
import { bitLength, PyRandom, seedKey } from '../src/reference/pyrandom';

describe('seeding', () => {
  it('splits |seed| into little-endian 32-bit words like CPython', () => {
    expect(seedKey(0)).toEqual([0]);
    expect(seedKey(2 ** 32 - 1)).toEqual([0xffffffff]);
    expect(seedKey(2 ** 32)).toEqual([0, 1]);
    expect(seedKey(2n ** 40n + 3n)).toEqual([3, 256]);
    expect(seedKey(-5)).toEqual([5]);
  });

  it('seed(0) gives the first random() values of python3', () => {
    const r = new PyRandom(0);
    const got = Array.from({ length: 5 }, () => r.random());
    expect(got).toEqual([0.8444218515250481, 0.7579544029403025, 0.420571580830845, 0.25891675029296335, 0.5112747213686085]);
  });

  it('handles seeds of one, two and three words, as number or bigint', () => {
    const first2 = (seed: number | bigint): number[] => {
      const r = new PyRandom(seed);
      return [r.random(), r.random()];
    };
    expect(first2(2 ** 32 - 1)).toEqual([0.6353574441341173, 0.20319993954407756]);
    expect(first2(2 ** 32)).toEqual([0.11299430095636409, 0.41782886486292836]);
    expect(first2(2 ** 40 + 3)).toEqual([0.21978710637116716, 0.5494687768352203]);
    expect(first2(2n ** 40n + 3n)).toEqual([0.21978710637116716, 0.5494687768352203]);
    expect(first2(2n ** 70n + 5n)).toEqual([0.46679953776226335, 0.4748702691919824]);
  });

  it('drops the sign of a negative seed', () => {
    const r = new PyRandom(-5);
    expect([r.random(), r.random()]).toEqual([0.6229016948897019, 0.7417869892607294]);
  });

  it('re-seeding restarts the stream and forgets the cached gauss value', () => {
    const r = new PyRandom(1);
    r.gauss();
    r.seed(1);
    expect(r.gauss()).toBe(1.2881847531554629);
  });

  it('refuses a non-integer seed with a clear message', () => {
    expect(() => new PyRandom(0.5)).toThrow(/integer seed/);
  });
});

describe('gauss', () => {
  it('matches python3 random.gauss(0, 1) for seed 1, including the cached second value', () => {
    const r = new PyRandom(1);
    const got = Array.from({ length: 7 }, () => r.gauss(0.0, 1.0));
    expect(got).toEqual([
      1.2881847531554629, 1.449445608699771, 0.06633580893826191, -0.7645436509716318, -1.0921732151041414,
      0.03133451683171687, -1.022103170010873,
    ]);
  });

  it('applies mu + z * sigma and keeps the cache across random() calls', () => {
    const r = new PyRandom(1);
    expect([r.gauss(2.0, 0.5), r.random(), r.gauss(0.0, 1.0), r.gauss(-1.0, 3.0)]).toEqual([
      2.6440923765777313, 0.763774618976614, 1.449445608699771, -1.1117413466417148,
    ]);
  });
});

describe('getrandbits and randrange', () => {
  it('the first 32-bit output for seed 0 is what python3 getrandbits(32) gives', () => {
    expect(new PyRandom(0).getrandbits(32)).toBe(3626764237);
  });

  it('getrandbits(k) for k <= 32 takes the top k bits of one output', () => {
    const r = new PyRandom(3);
    expect([1, 7, 32, 0, 16, 31].map((k) => r.getrandbits(k))).toEqual([0, 75, 2337446730, 0, 8547, 794472658]);
  });

  it('getrandbitsBig fills words from least significant, truncating the last', () => {
    const r = new PyRandom(3);
    expect([33, 64, 100].map((k) => r.getrandbitsBig(k))).toEqual([
      5317017597n, 2405875930906139466n, 602444612835390414130857206180n,
    ]);
  });

  it('randrange(20000) for seed 0 matches python3', () => {
    const r = new PyRandom(0);
    const got = Array.from({ length: 12 }, () => r.randrange(20000));
    expect(got).toEqual([12623, 13781, 1326, 8484, 16753, 15922, 13268, 9938, 15617, 11732, 19116, 7157]);
  });

  it('randrange uses k = n.bit_length() bits, also beyond 32 bits', () => {
    const r = new PyRandom(9);
    expect([r.randrange(1), r.randrange(2 ** 32), r.randrange(2 ** 40 + 1), r.randrange(3), r.randrange(2 ** 16)]).toEqual([
      0, 2633739374, 301795044348, 0, 843,
    ]);
    const big = new PyRandom(9);
    expect([big.randrangeBig(2n ** 80n + 7n), big.randrangeBig(2n ** 80n + 7n)]).toEqual([
      902610499351087866685038n, 450066217511470929996796n,
    ]);
  });

  it('bitLength is int.bit_length()', () => {
    expect([0, 1, 2, 3, 20000, 2 ** 32].map((n) => bitLength(n))).toEqual([0, 1, 2, 2, 15, 33]);
  });

  it('refuses an empty range and bad bit counts', () => {
    const r = new PyRandom(0);
    expect(() => r.randrange(0)).toThrow(/empty range/);
    expect(() => r.getrandbits(33)).toThrow(/getrandbitsBig/);
  });
});
