// Binary logistic regression, per example: logit z = w·x, label y in {0, 1}; loss is the
// cross-entropy softplus(z) − y·z, gradient (σ(z) − y)·x, and `correct` is 1 when the
// prediction (1 when z > 0) equals y. Needs data/procedural.wgsl (Block).

// σ(z) without overflow: exp only ever sees −|z|.
fn logreg_sigmoid(z: f32) -> f32 {
  let e = exp(-abs(z));
  return select(e / (1.0 + e), 1.0 / (1.0 + e), z >= 0.0);
}

// log(1 + t) for t in [0, 1], accurate near 0 where log(1 + t) would lose t (Goldberg's
// trick: the rounding of 1 + t is divided back out).
fn log1p_unit(t: f32) -> f32 {
  let u = 1.0 + t;
  if (u == 1.0) { return t; }
  return log(u) * (t / (u - 1.0));
}

// softplus(z) − y·z = max(z, 0) − y·z + log(1 + e^−|z|), never overflowing.
fn logreg_loss(z: f32, y: f32) -> f32 {
  return max(z, 0.0) - y * z + log1p_unit(exp(-abs(z)));
}

fn logreg_grad(x: Block, z: f32, y: f32) -> Block {
  let s = logreg_sigmoid(z) - y;
  return Block(s * x.a, s * x.b, s * x.c, s * x.e);
}

fn logreg_correct(z: f32, y: f32) -> f32 {
  return select(0.0, 1.0, (z > 0.0) == (y > 0.5));
}
