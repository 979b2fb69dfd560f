// Counter-based RNG: Threefry-2x32 with 20 rounds (Salmon et al., SC 2011).
// (key, counter) -> two independent u32 words. There is no state, so example i of a
// dataset is generated from (seed, i) alone, in any order, on any thread.
// src/reference/threefry.ts is its bit-exact TypeScript twin.

fn rotl32(x: u32, r: u32) -> u32 {
  return (x << r) | (x >> (32u - r));
}

fn threefry_round(x: vec2<u32>, r: u32) -> vec2<u32> {
  let a = x.x + x.y;
  return vec2<u32>(a, rotl32(x.y, r) ^ a);
}

// Written out round by round with constant rotations: loops over small arrays keep the
// state in memory on some compilers (SwiftShader ran 10x slower that way).
fn threefry2x32(key: vec2<u32>, ctr: vec2<u32>) -> vec2<u32> {
  let k2 = 0x1BD11BDAu ^ key.x ^ key.y;
  var x = ctr + key;
  x = threefry_round(x, 13u); x = threefry_round(x, 15u); x = threefry_round(x, 26u); x = threefry_round(x, 6u);
  x += vec2<u32>(key.y, k2 + 1u);   // key injection s: (ks[s % 3], ks[(s + 1) % 3] + s)
  x = threefry_round(x, 17u); x = threefry_round(x, 29u); x = threefry_round(x, 16u); x = threefry_round(x, 24u);
  x += vec2<u32>(k2, key.x + 2u);
  x = threefry_round(x, 13u); x = threefry_round(x, 15u); x = threefry_round(x, 26u); x = threefry_round(x, 6u);
  x += vec2<u32>(key.x, key.y + 3u);
  x = threefry_round(x, 17u); x = threefry_round(x, 29u); x = threefry_round(x, 16u); x = threefry_round(x, 24u);
  x += vec2<u32>(key.y, k2 + 4u);
  x = threefry_round(x, 13u); x = threefry_round(x, 15u); x = threefry_round(x, 26u); x = threefry_round(x, 6u);
  x += vec2<u32>(k2, key.x + 5u);
  return x;
}

// Standard normal from 32 random bits: bit 31 is the sign, bits 8..30 pick
// p = (k + 1/2) / 2^24 in (0, 1/2), exact in f32, and z = -Phi^-1(p) by Wichura's AS 241
// (PPND7, relative error 1.2e-7). Its rational functions have only positive coefficients
// on these ranges, so f32 evaluation loses no digits to cancellation. Symmetric by
// construction; it needs only log and sqrt, whose WGSL accuracy is a few ULP.
fn normal_from_bits(bits: u32) -> f32 {
  let k = (bits & 0x7fffffffu) >> 8u;
  let p = (f32(k) + 0.5) * 5.9604644775390625e-8;
  var z: f32;
  if (p >= 0.075) {
    let q = p - 0.5;
    let r = 0.180625 - q * q;
    z = q * (((59.10937472 * r + 159.29113202) * r + 50.434271938) * r + 3.3871327179)
      / (((67.1875636 * r + 78.757757664) * r + 17.895169469) * r + 1.0);
  } else {
    let r = sqrt(-log(p)) - 1.6;   // at most 4.17 - 1.6 here, since p >= 2^-25
    z = -(((0.17023821103 * r + 1.3067284816) * r + 2.75681539) * r + 1.4234372777)
      / ((0.12021132975 * r + 0.7370016425) * r + 1.0);
  }
  return select(-z, z, (bits >> 31u) == 1u);
}

// Full 32x32 -> 64-bit product as (low, high) words.
fn mul_wide(a: u32, b: u32) -> vec2<u32> {
  let a0 = a & 0xffffu; let a1 = a >> 16u;
  let b0 = b & 0xffffu; let b1 = b >> 16u;
  let p00 = a0 * b0; let p01 = a0 * b1; let p10 = a1 * b0; let p11 = a1 * b1;
  let mid = (p00 >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  let lo = (p00 & 0xffffu) | (mid << 16u);
  let hi = p11 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u);
  return vec2<u32>(lo, hi);
}

// Uniform index in [0, n) from 64 random bits: floor(bits * n / 2^64). Its bias is at most
// n / 2^64 (below 2.4e-10 for any u32 n), unlike the 32-bit version's n / 2^32.
fn uniform_index(bits: vec2<u32>, n: u32) -> u32 {
  let hi = mul_wide(bits.y, n);             // (bits.y * n), weight 2^32
  let lo_hi = mul_wide(bits.x, n).y;        // floor(bits.x * n / 2^32)
  let sum = hi.x + lo_hi;
  return hi.y + select(0u, 1u, sum < hi.x); // carry into the 2^64 word
}
