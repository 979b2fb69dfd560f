// Least squares, per example: residual r = w·x − y, loss r², gradient 2·x·r.
// Needs data/procedural.wgsl (Vec).

fn linreg_residual(x: ptr<function, Vec>, y: f32, w: ptr<function, Vec>, d: u32) -> f32 {
  var r = -y;
  for (var j = 0u; j < d; j++) { r += (*w)[j] * (*x)[j]; }
  return r;
}

// Gradient component j of the example's loss.
fn linreg_grad(x: ptr<function, Vec>, r: f32, j: u32) -> f32 {
  return 2.0 * (*x)[j] * r;
}

fn linreg_loss(r: f32) -> f32 {
  return r * r;
}
