import { allocate } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import { sigmoidScalar } from './activations';
import { defineOp } from './registry';

/** log σ(x) = −softplus(−x) = min(x, 0) − log(1 + e^{−|x|}): finite for any finite x. */
export function logSigmoid(x: number): number {
  return (x < 0 ? x : 0) - Math.log1p(Math.exp(-Math.abs(x)));
}

export const LogSigmoid = defineOp({
  name: 'log_sigmoid',
  inputs: ['x'],
  formula: 'y = \\log \\sigma(x) = -\\log(1 + e^{-x}) = \\min(x, 0) - \\log(1 + e^{-|x|})',
  gradFormula: '\\bar x = \\bar y \\, \\sigma(-x) = \\bar y \\, (1 - \\sigma(x))',
  forward: ([x]) => {
    const xd = x.data;
    const y = allocate(x.dtype, xd.length);
    for (let i = 0; i < xd.length; i++) y[i] = logSigmoid(xd[i]);
    return [new Tensor(y, x.shape)];
  },
  backward: ({ inputs: [x], dys: [g] }) => {
    const xd = x.data;
    const gd = g.data;
    const dx = allocate(x.dtype, xd.length);
    for (let i = 0; i < xd.length; i++) dx[i] = gd[i] * sigmoidScalar(-xd[i]);
    return [new Tensor(dx, x.shape)];
  },
});
