// Benchmark baseline (not used by the engine): one level of the textbook tree reduction.
// Workgroup g folds inputs [g*WG, (g+1)*WG) through shared memory into outputs[g].
// The host dispatches it level after level until one [Σgrad, Σloss] remains.

struct Params {
  count: u32,   // inputs at this level
}

override WG: u32 = 256u;   // a power of two

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> inputs: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read_write> outputs: array<vec2<f32>>;

var<workgroup> tree: array<vec2<f32>, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32,
        @builtin(num_workgroups) groups: vec3<u32>) {
  let group = wid.x + wid.y * groups.x;
  let i = group * WG + lid;
  tree[lid] = select(vec2<f32>(0.0), inputs[min(i, params.count - 1u)], i < params.count);
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride >>= 1u) {
    if (lid < stride) { tree[lid] += tree[lid + stride]; }
    workgroupBarrier();
  }
  if (lid == 0u) { outputs[group] = tree[0]; }
}
