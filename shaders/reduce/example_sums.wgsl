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

struct Params {
  n: u32,                 // dataset size
  d: u32,                 // features per example (<= MAX_D)
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

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32,
        @builtin(num_workgroups) groups: vec3<u32>) {
  let g = (wid.x + wid.y * groups.x) * WG + lid;   // dispatches are folded into 2-D
  if (g >= params.lane_count) { return; }
  let lane_id = params.lane_begin + g;
  let row = lane_id / params.lanes_per_row;
  let lane = lane_id % params.lanes_per_row;
  let d = params.d;
  let m = params.items_per_row;

  var wl: array<f32, MAX_D>;
  var wt: array<f32, MAX_D>;
  for (var j = 0u; j < d; j++) { wl[j] = w[j]; }
  if (params.stored == 0u) { for (var j = 0u; j < d; j++) { wt[j] = w_true[j]; } }

  var sum: array<f32, MAX_D + 1u>;
  var comp: array<f32, MAX_D + 1u>;
  var item = lane;
  while (item < m) {
    let i = example_index(row, item);
    var x: array<f32, MAX_D>;
    var y: f32;
    if (params.stored == 1u) {
      for (var j = 0u; j < d; j++) { x[j] = x_data[i * d + j]; }
      y = y_data[i];
    } else {
      let ex = draw_example(params.data_key, i, d);
      x = ex.x;
      y = 0.0;
      for (var j = 0u; j < d; j++) { y += wt[j] * x[j]; }
      y += params.noise * ex.eps;
    }
    let t = linreg_terms(x, y, wl, d);
    for (var c = 0u; c <= d; c++) {   // Neumaier-compensated add
      let s = sum[c] + t[c];
      comp[c] += select((t[c] - s) + sum[c], (sum[c] - s) + t[c], abs(sum[c]) >= abs(t[c]));
      sum[c] = s;
    }
    if (m - item <= params.lanes_per_row) { break; }   // the next item would pass m (or wrap u32)
    item += params.lanes_per_row;
  }
  for (var c = 0u; c <= d; c++) { partials[lane_id * (d + 1u) + c] = sum[c] + comp[c]; }
}
