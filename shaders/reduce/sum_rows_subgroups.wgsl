// Pass 2..k of every sum, subgroup version (for devices with the `subgroups` feature):
// as reduce/sum_rows.wgsl, but subgroupAdd combines each subgroup's threads in hardware,
// and only one value per subgroup goes through shared memory. Each subgroup's elected
// thread writes its sum at its own index, the others write 0, so thread 0 can add the
// slots in index order whatever the subgroup size: deterministic on a given device.
enable subgroups;
// #import lib/fold.wgsl

var<workgroup> scratch: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32,
        @builtin(num_workgroups) groups: vec3<u32>) {
  let group = wid.x + wid.y * groups.x;
  if (group >= params.group_count) { return; }   // workgroup-uniform: subgroup ops stay legal
  let sums = thread_sums(group, lid);
  for (var c = 0u; c < params.width; c++) {
    let s = subgroupAdd(sums[c]);
    scratch[lid] = select(0.0, s, subgroupElect());
    workgroupBarrier();
    if (lid == 0u) {
      var total = 0.0;
      for (var k = 0u; k < WG; k++) { total += scratch[k]; }
      outputs[group * params.width + c] = total;
    }
    workgroupBarrier();
  }
}
