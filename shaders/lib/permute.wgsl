// Keyed bijection on [0, n) for epoch shuffling (sampling without replacement): a balanced
// 4-round Feistel network on 2h bits, 2^(2h) the smallest even power of two >= n (so at
// most 4n - 1 values), with cycle-walking: re-encrypt until the value falls below n.
// Since the network permutes [0, 2^(2h)), walking from i < n ends at a value < n, and the
// walk map is itself a bijection on [0, n); the expected walk is at most 4 steps.
// Round keys come from Threefry (lib/rng.wgsl) under the caller's key; the round function
// is a 32-bit integer hash (lowbias32). src/reference/permute.ts is its bit-exact twin.
// #import lib/rng.wgsl

fn permute_hash(x0: u32) -> u32 {
  var x = x0;
  x ^= x >> 16u; x *= 0x7feb352du;
  x ^= x >> 15u; x *= 0x846ca68bu;
  x ^= x >> 16u;
  return x;
}

// Position i (< n) of the permutation keyed by `key` (two Threefry words give four round keys).
fn permute(i: u32, n: u32, key: vec2<u32>) -> u32 {
  if (n <= 1u) { return 0u; }
  let bits = 32u - countLeadingZeros(n - 1u);   // 1..32
  let h = (bits + 1u) / 2u;                      // 1..16
  let mask = (1u << h) - 1u;
  let ka = threefry2x32(key, vec2<u32>(0x5045524du, 0u));
  let kb = threefry2x32(key, vec2<u32>(0x5045524du, 1u));
  var x = i;
  loop {
    var l = x >> h;
    var r = x & mask;
    var t = l ^ (permute_hash(r ^ ka.x) & mask); l = r; r = t;
    t = l ^ (permute_hash(r ^ ka.y) & mask); l = r; r = t;
    t = l ^ (permute_hash(r ^ kb.x) & mask); l = r; r = t;
    t = l ^ (permute_hash(r ^ kb.y) & mask); l = r; r = t;
    x = (l << h) | r;
    if (x < n) { break; }
  }
  return x;
}
