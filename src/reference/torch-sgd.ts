/**
 * torch.optim.SGD's update (maximize = False) in f64 on the host: the reference the GPU
 * kernel shaders/sgd/update.wgsl is checked against. Per step, with g the gradient:
 *   if weight_decay != 0: g = g + weight_decay * w
 *   if momentum != 0:
 *     buf = g (clone) on the first step, else buf = momentum * buf + (1 - dampening) * g
 *     g = g + momentum * buf if nesterov, else g = buf
 *   w = w - lr * g
 * @example
 *   const sgd = new TorchSgd({ lr: 0.05, momentum: 0.9, dampening: 0, nesterov: true, weightDecay: 0 });
 *   sgd.step(w, grad);   // updates w in place
 */
import type { Optimizer } from '../engine/sgd-step';

export interface TorchSgdOptions extends Optimizer {
  lr: number;
}

export class TorchSgd {
  /** The momentum buffer, null before the first step (torch's state['momentum_buffer']). */
  buf: number[] | null = null;

  constructor(readonly options: TorchSgdOptions) {}

  /** One step: updates `w` in place from the gradient `grad` (not modified). */
  step(w: number[], grad: readonly number[]): void {
    const { lr, momentum, dampening, nesterov, weightDecay } = this.options;
    let g = [...grad];
    if (weightDecay !== 0) g = g.map((gj, j) => gj + weightDecay * w[j]);
    if (momentum !== 0) {
      const prev = this.buf;
      const buf = prev === null ? [...g] : prev.map((bj, j) => momentum * bj + (1 - dampening) * g[j]);
      this.buf = buf;
      g = nesterov ? g.map((gj, j) => gj + momentum * buf[j]) : [...buf];
    }
    for (let j = 0; j < w.length; j++) w[j] -= lr * g[j];
  }
}
