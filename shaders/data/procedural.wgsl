// Procedural least-squares examples: example i is a pure function of (data_key, i).
// Its normals z_0..z_d (z_k, k < d: feature x_k; z_d: the label noise) come in pairs:
// z_{2m}, z_{2m+1} are the two words of threefry2x32(data_key, (i, m)). Needs lib/rng.wgsl.
//
// Vectors of up to MAX_D values live in four vec4 registers (Block), never in arrays:
// SwiftShader keeps function-scope arrays in memory and ran 10x slower with them. d is an
// override constant in the kernels, so every `if (d > ...)` below folds away.

const MAX_D: u32 = 16u;

struct Block {
  a: vec4<f32>,   // components 0..3
  b: vec4<f32>,   // 4..7
  c: vec4<f32>,   // 8..11
  e: vec4<f32>,   // 12..15
}

fn normal_pair(data_key: vec2<u32>, i: u32, m: u32) -> vec2<f32> {
  let words = threefry2x32(data_key, vec2<u32>(i, m));
  return vec2<f32>(normal_from_bits(words.x), normal_from_bits(words.y));
}

// 1 where component k of block `quad` is below d.
fn lanes_below(quad: u32, d: u32) -> vec4<f32> {
  return select(vec4<f32>(0.0), vec4<f32>(1.0), 4u * quad + vec4<u32>(0u, 1u, 2u, 3u) < vec4<u32>(d));
}

fn block_dot(u: Block, v: Block) -> f32 {
  return dot(u.a, v.a) + dot(u.b, v.b) + dot(u.c, v.c) + dot(u.e, v.e);
}

// Component k of a block whose fifth vec4 `tail` holds components 16..19.
fn component(z: Block, tail: vec4<f32>, k: u32) -> f32 {
  switch (k / 4u) {
    case 0u: { return z.a[k % 4u]; }
    case 1u: { return z.b[k % 4u]; }
    case 2u: { return z.c[k % 4u]; }
    case 3u: { return z.e[k % 4u]; }
    default: { return tail[k % 4u]; }
  }
}

struct Drawn {
  x: Block,     // features, zero past d
  eps: f32,     // standard normal of the label noise
}

fn draw_example(data_key: vec2<u32>, i: u32, d: u32) -> Drawn {
  var z: Block;
  var tail = vec4<f32>(0.0);
  // Pair m is needed when 2m <= d.
  z.a = vec4<f32>(normal_pair(data_key, i, 0u), 0.0, 0.0);
  if (d >= 2u) { z.a = vec4<f32>(z.a.xy, normal_pair(data_key, i, 1u)); }
  if (d >= 4u) { z.b = vec4<f32>(normal_pair(data_key, i, 2u), 0.0, 0.0); }
  if (d >= 6u) { z.b = vec4<f32>(z.b.xy, normal_pair(data_key, i, 3u)); }
  if (d >= 8u) { z.c = vec4<f32>(normal_pair(data_key, i, 4u), 0.0, 0.0); }
  if (d >= 10u) { z.c = vec4<f32>(z.c.xy, normal_pair(data_key, i, 5u)); }
  if (d >= 12u) { z.e = vec4<f32>(normal_pair(data_key, i, 6u), 0.0, 0.0); }
  if (d >= 14u) { z.e = vec4<f32>(z.e.xy, normal_pair(data_key, i, 7u)); }
  if (d >= 16u) { tail = vec4<f32>(normal_pair(data_key, i, 8u), 0.0, 0.0); }
  var out: Drawn;
  out.eps = component(z, tail, d);
  out.x = Block(z.a * lanes_below(0u, d), z.b * lanes_below(1u, d), z.c * lanes_below(2u, d), z.e * lanes_below(3u, d));
  return out;
}
