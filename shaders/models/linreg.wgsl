// Least squares, per example: loss (w·x − y)², gradient 2x(w·x − y).
// Terms are written as [grad_0 .. grad_{d-1}, loss]. Needs data/procedural.wgsl (MAX_D).

fn linreg_terms(x: array<f32, MAX_D>, y: f32, w: array<f32, MAX_D>, d: u32) -> array<f32, MAX_D + 1u> {
  var r = -y;
  for (var j = 0u; j < d; j++) { r += w[j] * x[j]; }
  var t: array<f32, MAX_D + 1u>;
  for (var j = 0u; j < d; j++) { t[j] = 2.0 * x[j] * r; }
  t[d] = r * r;
  return t;
}
