// Least squares, per example: residual r = w·x − y, loss r², gradient 2·x·r (a Block of
// d components, zero past d). Needs data/procedural.wgsl (Block).

fn linreg_residual(x: Block, y: f32, w: Block) -> f32 {
  return block_dot(w, x) - y;
}

fn linreg_grad(x: Block, r: f32) -> Block {
  let s = 2.0 * r;
  return Block(s * x.a, s * x.b, s * x.c, s * x.e);
}

fn linreg_loss(r: f32) -> f32 {
  return r * r;
}
