// Procedural least-squares examples: example i is a pure function of (data_key, i).
// Its normals z_0..z_d (z_k, k < d: feature x_k; z_d: the label noise) come in pairs:
// z_{2m}, z_{2m+1} are the two words of threefry2x32(data_key, (i, m)). Needs lib/rng.wgsl.

const MAX_D: u32 = 16u;
const MAX_NORMALS: u32 = MAX_D + 2u;   // d features, the noise, and the pair's spare

alias Vec = array<f32, MAX_NORMALS>;

// Writes z_0..z_d of example i into z (by pointer: copying arrays is slow on some compilers).
fn draw_normals(data_key: vec2<u32>, i: u32, d: u32, z: ptr<function, Vec>) {
  for (var m = 0u; 2u * m <= d; m++) {
    let words = threefry2x32(data_key, vec2<u32>(i, m));
    (*z)[2u * m] = normal_from_bits(words.x);
    (*z)[2u * m + 1u] = normal_from_bits(words.y);
  }
}
