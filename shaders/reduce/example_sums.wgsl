// Pass 1 of every sum over examples: per-lane sums of the per-example terms
// [grad_0 .. grad_{d-1}, loss] (least squares) or [grad_0 .. grad_{d-1}, loss, correct]
// (logistic regression: width d + 2). A job is `rows` sums (one per trial or step) of
// items_per_row items each; item k of a row goes to lane k % lanes_per_row, so one
// thread owns a strided range and adds it with Neumaier compensation. No barriers and
// no shared memory here: reduce/sum_rows.wgsl folds the lanes of each row afterwards.
// A dispatch covers global lanes [lane_begin, lane_begin + lane_count), global lane =
// row * lanes_per_row + lane, which bounds the work per dispatch (see src/engine/plan.ts).
// Stored data larger than one binding is split into parts: a dispatch binds one part,
// adds only the examples held there, and writes slot lane * part_count + part.
// #import lib/rng.wgsl
// #import lib/permute.wgsl
// #import data/procedural.wgsl
// #import models/linreg.wgsl
// #import models/logreg.wgsl
// Layout: partials[(lane * part_count + part) * width + c], width = d + 1 (+ 1 for logistic).

struct Params {
  n: u32,                 // dataset size
  items_per_row: u32,
  lanes_per_row: u32,
  row_base: u32,          // absolute row of this dispatch's row 0: keys the sampling RNG, indexes batch_indices
  item_base: u32,         // SAMPLING 0: example index of item 0 (a range of the dataset)
  part_first: u32,        // STORED: the bound x_data / y_data hold examples part_first..+part_size
  part_size: u32,
  part: u32,
  part_count: u32,
  lane_begin: u32,
  lane_count: u32,
  batches_per_epoch: u32, // SAMPLING 3: batches of one epoch's permutation (see src/reference/permute.ts)
  noise: f32,             // least squares: label noise std (procedural data)
  margin_scale: f32,      // logistic: margin / |w_true|, each example's push away from the true hyperplane
  flip_below: u32,        // logistic: a label flips when its noise bits are below this (probability / 2^32)
  data_key: vec2<u32>,
  sample_key: vec2<u32>,
}

// Pipeline constants, so that untaken paths are compiled out: SwiftShader runs both sides
// of a branch it cannot prove uniform, and a uniform-buffer flag cost 4x here.
override WG: u32 = 64u;
override STORED: bool = false;   // examples read from x_data / y_data, else generated from data_key
override SAMPLING: u32 = 0u;     // 0: item k is example k; 1: drawn per (row, slot); 2: read from batch_indices;
                                 // 3: without replacement, epoch-shuffled (a keyed permutation per epoch)
override MODEL: u32 = 0u;   // 0: least squares, 1: logistic regression
override D: u32 = 1u;   // features per example (<= MAX_D), fixed per pipeline so loops unroll

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> w: array<f32>;
@group(0) @binding(2) var<storage, read> w_true: array<f32>;
@group(0) @binding(3) var<storage, read> x_data: array<f32>;
@group(0) @binding(4) var<storage, read> y_data: array<f32>;
@group(0) @binding(5) var<storage, read> batch_indices: array<u32>;
@group(0) @binding(6) var<storage, read_write> partials: array<f32>;

fn example_index(row: u32, item: u32) -> u32 {
  if (SAMPLING == 0u) { return params.item_base + item; }
  if (SAMPLING == 2u) { return batch_indices[(params.row_base + row) * params.items_per_row + item]; }
  if (SAMPLING == 3u) {
    // Row t is batch t % B of epoch t / B; its slots are positions q + item (mod n) of the
    // epoch's permutation, q = (t % B) * b < n. Written so that nothing overflows u32.
    let t = params.row_base + row;
    let e = t / params.batches_per_epoch;
    let q = (t % params.batches_per_epoch) * params.items_per_row;
    let pos = select(q + item, item - (params.n - q), item >= params.n - q);
    return permute(pos, params.n, threefry2x32(params.sample_key, vec2<u32>(e, 0x45504f43u)));
  }
  let bits = threefry2x32(params.sample_key, vec2<u32>(params.row_base + row, item));
  return uniform_index(bits, params.n);
}

// Neumaier-compensated add of v into sum (compensation in comp), four lanes at once:
// exact to O(eps) of Σ|v| in any order.
fn neumaier(sum: ptr<function, vec4<f32>>, comp: ptr<function, vec4<f32>>, v: vec4<f32>) {
  let s = *sum + v;
  *comp += select((v - s) + *sum, (*sum - s) + v, abs(*sum) >= abs(v));
  *sum = s;
}

fn load_block(base: u32, quad: u32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  for (var k = 0u; k < 4u; k++) {
    if (4u * quad + k < D) { v[k] = x_data[base + 4u * quad + k]; }
  }
  return v;
}

// Features of example i = part_first + local, read from the bound part.
fn stored_features(local: u32) -> Block {
  var x: Block;
  x.a = load_block(local * D, 0u);
  if (D > 4u) { x.b = load_block(local * D, 1u); }
  if (D > 8u) { x.c = load_block(local * D, 2u); }
  if (D > 12u) { x.e = load_block(local * D, 3u); }
  return x;
}

fn read_block(v: ptr<storage, array<f32>, read>) -> Block {
  var out: Block;
  for (var j = 0u; j < D; j++) {
    switch (j / 4u) {
      case 0u: { out.a[j % 4u] = (*v)[j]; }
      case 1u: { out.b[j % 4u] = (*v)[j]; }
      case 2u: { out.c[j % 4u] = (*v)[j]; }
      default: { out.e[j % 4u] = (*v)[j]; }
    }
  }
  return out;
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
  let wl = read_block(&w);
  let wt = read_block(&w_true);

  // Gradient sums and compensations per block, then the loss in .x of its own pair.
  var ga = vec4<f32>(0.0); var gb = vec4<f32>(0.0); var gc = vec4<f32>(0.0); var ge = vec4<f32>(0.0);
  var ca = vec4<f32>(0.0); var cb = vec4<f32>(0.0); var cc = vec4<f32>(0.0); var ce = vec4<f32>(0.0);
  var loss = vec4<f32>(0.0);        // .x loss, .y correct predictions (logistic)
  var loss_comp = vec4<f32>(0.0);
  var item = lane;
  while (item < m) {
    let i = example_index(row, item);
    var x: Block;
    var y: f32;
    var held = true;
    if (STORED) {
      let local = i - params.part_first;   // wraps past part_size when i < part_first
      held = local < params.part_size;
      if (held) {
        x = stored_features(local);
        y = y_data[local];
      }
    } else {
      let ex = draw_example(params.data_key, i, D);
      if (MODEL == 1u) {
        let labelled = logistic_example(ex, wt, params.margin_scale, params.flip_below);
        x = labelled.x;
        y = labelled.y;
      } else {
        x = ex.x;
        y = block_dot(wt, x) + params.noise * ex.eps;
      }
    }
    if (held) {
      var grad: Block;
      var terms = vec4<f32>(0.0);   // loss, then correct (logistic)
      if (MODEL == 1u) {
        let z = block_dot(wl, x);
        grad = logreg_grad(x, z, y);
        terms = vec4<f32>(logreg_loss(z, y), logreg_correct(z, y), 0.0, 0.0);
      } else {
        let r = linreg_residual(x, y, wl);
        grad = linreg_grad(x, r);
        terms.x = linreg_loss(r);
      }
      neumaier(&ga, &ca, grad.a);
      if (D > 4u) { neumaier(&gb, &cb, grad.b); }
      if (D > 8u) { neumaier(&gc, &cc, grad.c); }
      if (D > 12u) { neumaier(&ge, &ce, grad.e); }
      neumaier(&loss, &loss_comp, terms);
    }
    if (m - item <= params.lanes_per_row) { break; }   // the next item would pass m (or wrap u32)
    item += params.lanes_per_row;
  }
  let total = Block(ga + ca, gb + cb, gc + cc, ge + ce);
  let width = D + select(1u, 2u, MODEL == 1u);
  let out = (lane_id * params.part_count + params.part) * width;
  for (var j = 0u; j < D; j++) { partials[out + j] = component(total, vec4<f32>(0.0), j); }
  partials[out + D] = loss.x + loss_comp.x;
  if (MODEL == 1u) { partials[out + D + 1u] = loss.y + loss_comp.y; }
}
