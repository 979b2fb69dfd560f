// Pass 2..k of every sum: folds `inputs_per_row` vectors of `width` floats per row into
// `outputs_per_row` vectors. Workgroup (row, q) owns a contiguous slice of the row's
// inputs; each thread adds a strided part of the slice (Neumaier-compensated), then a
// shared-memory tree combines the threads, one component at a time. The host repeats
// the pass until one vector per row remains. Fixed order everywhere: same bits each run.

const MAX_WIDTH: u32 = 17u;

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

var<workgroup> scratch: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32,
        @builtin(num_workgroups) groups: vec3<u32>) {
  let group = wid.x + wid.y * groups.x;
  if (group >= params.group_count) { return; }   // workgroup-uniform: barriers below stay legal
  let row = group / params.outputs_per_row;
  let q = group % params.outputs_per_row;
  let per_group = (params.inputs_per_row + params.outputs_per_row - 1u) / params.outputs_per_row;
  let begin = q * per_group;
  let end = min(begin + per_group, params.inputs_per_row);
  let width = params.width;

  var sum: array<f32, MAX_WIDTH>;
  var comp: array<f32, MAX_WIDTH>;
  for (var k = begin + lid; k < end; k += WG) {
    let base = (row * params.inputs_per_row + k) * width;
    for (var c = 0u; c < width; c++) {
      let v = inputs[base + c];
      let s = sum[c] + v;
      comp[c] += select((v - s) + sum[c], (sum[c] - s) + v, abs(sum[c]) >= abs(v));
      sum[c] = s;
    }
  }
  for (var c = 0u; c < width; c++) {
    scratch[lid] = sum[c] + comp[c];
    workgroupBarrier();
    for (var stride = WG / 2u; stride > 0u; stride >>= 1u) {
      if (lid < stride) { scratch[lid] += scratch[lid + stride]; }
      workgroupBarrier();
    }
    if (lid == 0u) { outputs[group * width + c] = scratch[0]; }
    workgroupBarrier();
  }
}
