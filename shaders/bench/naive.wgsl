// Benchmark baseline (not used by the engine): the textbook reduction. One example per
// thread; its terms [2x(wx - y), (wx - y)^2] go into shared memory and a barrier tree
// folds the workgroup to one partial. bench/naive_level.wgsl repeats the tree over the
// partials, one pass per level, until one value remains. Same data as the engine: the
// procedural generator (threefry + normal_from_bits), or x_data / y_data when STORED.
// #import lib/rng.wgsl
// #import data/procedural.wgsl

struct Params {
  n: u32,
  w: f32,
  w_true: f32,
  noise: f32,
  data_key: vec2<u32>,
}

override WG: u32 = 256u;         // a power of two
override STORED: bool = false;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x_data: array<f32>;
@group(0) @binding(2) var<storage, read> y_data: array<f32>;
@group(0) @binding(3) var<storage, read_write> partials: array<vec2<f32>>;

var<workgroup> tree: array<vec2<f32>, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32,
        @builtin(num_workgroups) groups: vec3<u32>) {
  let group = wid.x + wid.y * groups.x;   // dispatches are folded into 2-D
  let i = group * WG + lid;
  var term = vec2<f32>(0.0);
  if (i < params.n) {
    var x: f32;
    var y: f32;
    if (STORED) {
      x = x_data[i];
      y = y_data[i];
    } else {
      let ex = draw_example(params.data_key, i, 1u);
      x = ex.x.a.x;
      y = params.w_true * x + params.noise * ex.eps;
    }
    let r = params.w * x - y;
    term = vec2<f32>(2.0 * x * r, r * r);
  }
  tree[lid] = term;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride >>= 1u) {
    if (lid < stride) { tree[lid] += tree[lid + stride]; }
    workgroupBarrier();
  }
  if (lid == 0u) { partials[group] = tree[0]; }
}
