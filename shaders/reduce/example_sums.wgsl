// Pass 1 of every sum over examples: per-lane sums of the per-example terms
// [grad_0 .. grad_{d-1}, loss]. A job is `rows` sums (one per trial or step) of
// items_per_row items each; item k of a row goes to lane k % lanes_per_row, so one
// thread owns a strided range and adds it with Neumaier compensation. No barriers and
// no shared memory here: reduce/sum_rows.wgsl folds the lanes of each row afterwards.
// A dispatch covers global lanes [lane_begin, lane_begin + lane_count), global lane =
// row * lanes_per_row + lane, which bounds the work per dispatch (see src/engine/plan.ts).
// #import lib/rng.wgsl
// #import data/procedural.wgsl
// #import models/linreg.wgsl
// Layout: partials[lane * (d + 1) + c], components [grad_0 .. grad_{d-1}, loss].

struct Params {
  n: u32,                 // dataset size
  stored: u32,            // 1: examples read from x_data / y_data; 0: generated from data_key
  sampled: u32,           // 1: items are batch slots drawn per row; 0: item k is example k
  from_index_buffer: u32, // 1 (sampled only): indices read from batch_indices
  items_per_row: u32,
  lanes_per_row: u32,
  row_base: u32,          // absolute row of this dispatch's row 0: keys the sampling RNG, indexes batch_indices
  lane_begin: u32,
  lane_count: u32,
  noise: f32,             // label noise std (procedural data)
  data_key: vec2<u32>,
  sample_key: vec2<u32>,
}

override WG: u32 = 64u;
override D: u32 = 1u;   // features per example (<= MAX_D), fixed per pipeline so loops unroll

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> w: array<f32>;
@group(0) @binding(2) var<storage, read> w_true: array<f32>;
@group(0) @binding(3) var<storage, read> x_data: array<f32>;
@group(0) @binding(4) var<storage, read> y_data: array<f32>;
@group(0) @binding(5) var<storage, read> batch_indices: array<u32>;
@group(0) @binding(6) var<storage, read_write> partials: array<f32>;

fn example_index(row: u32, item: u32) -> u32 {
  if (params.sampled == 0u) { return item; }
  if (params.from_index_buffer == 1u) { return batch_indices[(params.row_base + row) * params.items_per_row + item]; }
  let bits = threefry2x32(params.sample_key, vec2<u32>(params.row_base + row, item));
  return uniform_index(bits, params.n);
}

// Neumaier-compensated add of v into (sum, comp): exact to O(eps) of Σ|v| in any order.
fn neumaier(sum: f32, comp: f32, v: f32) -> vec2<f32> {
  let s = sum + v;
  return vec2<f32>(s, comp + select((v - s) + sum, (sum - s) + v, abs(sum) >= abs(v)));
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32,
        @builtin(num_workgroups) groups: vec3<u32>) {
  let g = (wid.x + wid.y * groups.x) * WG + lid;   // dispatches are folded into 2-D
  if (g >= params.lane_count) { return; }
  let lane_id = params.lane_begin + g;
  let row = lane_id / params.lanes_per_row;
  let lane = lane_id % params.lanes_per_row;
  let m = params.items_per_row;

  var wl: Vec;
  var wt: Vec;
  for (var j = 0u; j < D; j++) { wl[j] = w[j]; }
  if (params.stored == 0u) { for (var j = 0u; j < D; j++) { wt[j] = w_true[j]; } }

  var grad: Vec;        // (sum, compensation) per gradient component
  var grad_comp: Vec;
  var loss = vec2<f32>(0.0, 0.0);
  var x: Vec;
  var item = lane;
  while (item < m) {
    let i = example_index(row, item);
    var y: f32;
    if (params.stored == 1u) {
      for (var j = 0u; j < D; j++) { x[j] = x_data[i * D + j]; }
      y = y_data[i];
    } else {
      draw_normals(params.data_key, i, D, &x);
      y = 0.0;
      for (var j = 0u; j < D; j++) { y += wt[j] * x[j]; }
      y += params.noise * x[D];
    }
    let r = linreg_residual(&x, y, &wl, D);
    for (var j = 0u; j < D; j++) {
      let s = neumaier(grad[j], grad_comp[j], linreg_grad(&x, r, j));
      grad[j] = s.x;
      grad_comp[j] = s.y;
    }
    loss = neumaier(loss.x, loss.y, linreg_loss(r));
    if (m - item <= params.lanes_per_row) { break; }   // the next item would pass m (or wrap u32)
    item += params.lanes_per_row;
  }
  let out = lane_id * (D + 1u);
  for (var j = 0u; j < D; j++) { partials[out + j] = grad[j] + grad_comp[j]; }
  partials[out + D] = loss.x + loss.y;
}
