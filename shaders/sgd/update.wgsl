// One plain SGD step on the GPU: w <- w - lr * (sums / count), with sums the batch's
// summed gradient [grad_0 .. grad_{d-1}, loss] from the reduction passes.

struct Params {
  d: u32,
  count: f32,   // examples in the batch
  lr: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> sums: array<f32>;
@group(0) @binding(2) var<storage, read_write> w: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x;
  if (j >= params.d) { return; }
  w[j] -= params.lr * (sums[j] / params.count);
}
