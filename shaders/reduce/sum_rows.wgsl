// Pass 2..k of every sum, shared-memory version: folds `inputs_per_row` vectors of `width`
// floats per row into `outputs_per_row` vectors. Each thread adds its share of the
// workgroup's slice (lib/fold.wgsl), then a shared-memory tree combines the threads, one
// component at a time. The host repeats the pass until one vector per row remains.
// Fixed order everywhere: same bits each run.
// #import lib/fold.wgsl

var<workgroup> scratch: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32,
        @builtin(num_workgroups) groups: vec3<u32>) {
  let group = wid.x + wid.y * groups.x;
  if (group >= params.group_count) { return; }   // workgroup-uniform: barriers below stay legal
  let sums = thread_sums(group, lid);
  for (var c = 0u; c < params.width; c++) {
    scratch[lid] = sums[c];
    workgroupBarrier();
    for (var stride = WG / 2u; stride > 0u; stride >>= 1u) {
      if (lid < stride) { scratch[lid] += scratch[lid + stride]; }
      workgroupBarrier();
    }
    if (lid == 0u) { outputs[group * params.width + c] = scratch[0]; }
    workgroupBarrier();
  }
}
