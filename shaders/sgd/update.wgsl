// One SGD step on the GPU with torch.optim.SGD's semantics (maximize = False), g the
// batch's mean gradient sums[j] / count from the reduction passes (sums is
// [grad_0 .. grad_{d-1}, loss]):
//   g <- g + weight_decay * w                              (if weight_decay != 0)
//   v <- g on the first step, else momentum * v + (1 - dampening) * g   (if momentum != 0)
//   g <- g + momentum * v (nesterov), or g <- v                          (if momentum != 0)
//   w <- w - lr * g
// Plain SGD (momentum = weight_decay = 0) takes the first branch, w <- w - lr * (sums / count),
// the exact expression of the plain kernel, so its bits do not change.

struct Params {
  d: u32,
  count: f32,   // examples in the batch
  lr: f32,
  momentum: f32,
  dampening: f32,
  weight_decay: f32,
  nesterov: u32,    // 0 or 1
  first_step: u32,  // 1 on the run's first step: the velocity is set to g, not updated
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> sums: array<f32>;
@group(0) @binding(2) var<storage, read_write> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> velocity: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x;
  if (j >= params.d) { return; }
  if (params.momentum == 0.0 && params.weight_decay == 0.0) {
    w[j] -= params.lr * (sums[j] / params.count);
    return;
  }
  var g = sums[j] / params.count;
  if (params.weight_decay != 0.0) { g += params.weight_decay * w[j]; }
  if (params.momentum != 0.0) {
    var v = g;
    if (params.first_step == 0u) { v = params.momentum * velocity[j] + (1.0 - params.dampening) * g; }
    velocity[j] = v;
    if (params.nesterov != 0u) { g += params.momentum * v; } else { g = v; }
  }
  w[j] -= params.lr * g;
}
