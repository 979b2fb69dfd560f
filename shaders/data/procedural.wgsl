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

// Normals of pair m of example i; when the pair holds component d (the label noise, m = d/2),
// its raw word goes to *noise_bits too (logistic labels flip on it, exactly, in integers).
fn normal_pair(data_key: vec2<u32>, i: u32, m: u32, d: u32, noise_bits: ptr<function, u32>) -> vec2<f32> {
  let words = threefry2x32(data_key, vec2<u32>(i, m));
  if (m == d / 2u) { *noise_bits = select(words.x, words.y, (d & 1u) == 1u); }
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
  x: Block,         // features, zero past d
  eps: f32,         // standard normal of the label noise
  noise_bits: u32,  // the 32 random bits eps was made from
}

fn draw_example(data_key: vec2<u32>, i: u32, d: u32) -> Drawn {
  var z: Block;
  var tail = vec4<f32>(0.0);
  var bits = 0u;
  // Pair m is needed when 2m <= d.
  z.a = vec4<f32>(normal_pair(data_key, i, 0u, d, &bits), 0.0, 0.0);
  if (d >= 2u) { z.a = vec4<f32>(z.a.xy, normal_pair(data_key, i, 1u, d, &bits)); }
  if (d >= 4u) { z.b = vec4<f32>(normal_pair(data_key, i, 2u, d, &bits), 0.0, 0.0); }
  if (d >= 6u) { z.b = vec4<f32>(z.b.xy, normal_pair(data_key, i, 3u, d, &bits)); }
  if (d >= 8u) { z.c = vec4<f32>(normal_pair(data_key, i, 4u, d, &bits), 0.0, 0.0); }
  if (d >= 10u) { z.c = vec4<f32>(z.c.xy, normal_pair(data_key, i, 5u, d, &bits)); }
  if (d >= 12u) { z.e = vec4<f32>(normal_pair(data_key, i, 6u, d, &bits), 0.0, 0.0); }
  if (d >= 14u) { z.e = vec4<f32>(z.e.xy, normal_pair(data_key, i, 7u, d, &bits)); }
  if (d >= 16u) { tail = vec4<f32>(normal_pair(data_key, i, 8u, d, &bits), 0.0, 0.0); }
  var out: Drawn;
  out.eps = component(z, tail, d);
  out.noise_bits = bits;
  out.x = Block(z.a * lanes_below(0u, d), z.b * lanes_below(1u, d), z.c * lanes_below(2u, d), z.e * lanes_below(3u, d));
  return out;
}

// Binary labels for logistic regression from a drawn example: the side of the true
// hyperplane w_true·x = 0 gives the clean label, the example is pushed margin_scale·|w_true|
// further from the hyperplane along w_true (so every example has margin at least that), and
// the label flips when noise_bits < flip_below (probability flip_below / 2^32).
struct Labelled {
  x: Block,
  y: f32,   // 0 or 1
}

fn logistic_example(ex: Drawn, wt: Block, margin_scale: f32, flip_below: u32) -> Labelled {
  let up = block_dot(wt, ex.x) >= 0.0;
  let s = select(-margin_scale, margin_scale, up);
  var out: Labelled;
  out.x = Block(ex.x.a + s * wt.a, ex.x.b + s * wt.b, ex.x.c + s * wt.c, ex.x.e + s * wt.e);
  out.y = select(0.0, 1.0, up != (ex.noise_bits < flip_below));
  return out;
}
