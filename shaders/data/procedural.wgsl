// Procedural least-squares examples: example i is a pure function of (data_key, i).
// Normal k of example i (k < d: feature x_k, k = d: the label noise) is word k % 2 of
// threefry2x32(data_key, (i, k / 2)). Needs lib/rng.wgsl.

const MAX_D: u32 = 16u;

struct Draw {
  x: array<f32, MAX_D>,
  eps: f32,   // standard normal for the label noise
}

fn draw_example(data_key: vec2<u32>, i: u32, d: u32) -> Draw {
  var out: Draw;
  var words = vec2<u32>(0u, 0u);
  for (var k = 0u; k <= d; k++) {
    if ((k & 1u) == 0u) {
      words = threefry2x32(data_key, vec2<u32>(i, k >> 1u));
    }
    let z = normal_from_bits(select(words.x, words.y, (k & 1u) == 1u));
    if (k < d) { out.x[k] = z; } else { out.eps = z; }
  }
  return out;
}
