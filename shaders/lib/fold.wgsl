// Shared by the pass-2 kernels (reduce/sum_rows*.wgsl): their parameters and bindings, and
// each thread's compensated sum of its share of a workgroup's slice. Workgroup (row, q)
// owns a contiguous slice of the row's inputs; thread t adds elements t, t + WG, …

const MAX_WIDTH: u32 = 18u;   // MAX_D gradient components, the loss, and the correct count (logistic)

struct Params {
  rows: u32,
  inputs_per_row: u32,
  outputs_per_row: u32,
  width: u32,          // floats per vector (<= MAX_WIDTH)
  group_count: u32,    // rows * outputs_per_row workgroups do work; the 2-D fold may add idle ones
}

override WG: u32 = 64u;   // a power of two

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> inputs: array<f32>;
@group(0) @binding(2) var<storage, read_write> outputs: array<f32>;

fn thread_sums(group: u32, lid: u32) -> array<f32, MAX_WIDTH> {
  let row = group / params.outputs_per_row;
  let q = group % params.outputs_per_row;
  let per_group = (params.inputs_per_row + params.outputs_per_row - 1u) / params.outputs_per_row;
  let begin = q * per_group;
  let end = min(begin + per_group, params.inputs_per_row);
  var sum: array<f32, MAX_WIDTH>;
  var comp: array<f32, MAX_WIDTH>;
  for (var k = begin + lid; k < end; k += WG) {
    let base = (row * params.inputs_per_row + k) * params.width;
    for (var c = 0u; c < params.width; c++) {
      let v = inputs[base + c];
      let s = sum[c] + v;
      comp[c] += select((v - s) + sum[c], (sum[c] - s) + v, abs(sum[c]) >= abs(v));
      sum[c] = s;
    }
  }
  for (var c = 0u; c < params.width; c++) { sum[c] += comp[c]; }
  return sum;
}
