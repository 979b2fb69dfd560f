// The all-reduce of data-parallel SGD (Exercise 10.2.2): K workers each hold the summed
// terms [grad_0 .. grad_{d-1}, loss] of their local batch of b_k examples, for each of
// `trials` trials, laid out worker-major: sums[(k · trials + t) · width + c]. Output t is
//   unweighted (weighted = 0): (1/K) · Σ_k sums_k / b_k   (the average of worker means)
//   weighted   (weighted = 1): Σ_k sums_k / Σ_k b_k      (the size-weighted average)
// Workers are added in the fixed order k = 0, 1, …, so the bits do not depend on timing.

struct Params {
  trials: u32,
  workers: u32,
  width: u32,
  weighted: u32,
  lane_count: u32,   // trials · width
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> sizes: array<f32>;
@group(0) @binding(2) var<storage, read> sums: array<f32>;
@group(0) @binding(3) var<storage, read_write> averages: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.y * groups.x * 64u + gid.x;
  if (i >= params.lane_count) { return; }
  let t = i / params.width;
  let c = i % params.width;
  var acc = 0.0;
  var total = 0.0;
  for (var k = 0u; k < params.workers; k++) {
    let s = sums[(k * params.trials + t) * params.width + c];
    if (params.weighted == 1u) {
      acc += s;
      total += sizes[k];
    } else {
      acc += s / sizes[k];
    }
  }
  averages[i] = select(acc / f32(params.workers), acc / total, params.weighted == 1u);
}
