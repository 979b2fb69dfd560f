// The adapter's read ceiling (benchmark only): each thread adds vec4s of `data` and writes
// its own sum, with no barriers and no shared memory, so the pass costs little beyond
// reading the buffer. STRIDED: thread t reads t, t + T, t + 2T, … (neighbours read
// neighbouring vec4s); else thread t reads one contiguous chunk.

struct Params {
  count: u32,     // vec4s in data
  threads: u32,   // T = workgroups × WG
}

override WG: u32 = 64u;
override STRIDED: bool = true;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> data: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> sums: array<vec4<f32>>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = gid.x;
  if (t >= params.threads) { return; }
  var s = vec4<f32>(0.0);
  if (STRIDED) {
    for (var k = t; k < params.count; k += params.threads) { s += data[k]; }
  } else {
    let chunk = (params.count + params.threads - 1u) / params.threads;
    let end = min(params.count, (t + 1u) * chunk);
    for (var k = t * chunk; k < end; k++) { s += data[k]; }
  }
  sums[t] = s;
}
