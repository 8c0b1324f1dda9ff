/**
 * `npm run bench`: one training step (forward, loss, backward, Adam) in float32 for three models,
 * Backstep against TensorFlow.js's pure-JS CPU backend in the same process, then the matmul kernel's
 * GFLOP/s at 512×512×512. Prints medians over several runs after warm-up; the two engines' steps
 * alternate, so the ratio holds up when other work shares the machine.
 * Options: `-- --runs N` (timed runs per figure, default 11), `-- --only mlp,lstm,mha,matmul`.
 */
import { availableParallelism, loadavg } from 'node:os';
import { backstepLstm, backstepMha, backstepMlp, phases, resetPhases } from './backstep_models';
import { dispatchKernel, MATMUL_KERNELS, matmulGflops, MODEL_PRODUCTS } from './matmul_gflops';
import { lstmFlops, mhaFlops, mlpFlops, PYTORCH_MS } from './shapes';
import { tfjsLstm, tfjsMha, tfjsMlp, useCpuBackend } from './tfjs_models';
import { timeTogether, type Timing } from './timing';

interface Model {
  key: keyof typeof PYTORCH_MS;
  title: string;
  flops: number;
  backstep: () => () => unknown;
  tfjs: () => () => void;
}

const MODELS: Model[] = [
  { key: 'mlp', title: 'MLP 784-256-10 ReLU, batch 64, cross-entropy', flops: mlpFlops(), backstep: backstepMlp, tfjs: tfjsMlp },
  { key: 'lstm', title: 'LSTM T=32 I=64 H=128, batch 16, MSE', flops: lstmFlops(), backstep: backstepLstm, tfjs: tfjsLstm },
  { key: 'mha', title: 'self-attention T=64 D=128, 4 heads, MSE', flops: mhaFlops(), backstep: backstepMha, tfjs: tfjsMha },
];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const runs = Number(option('runs') ?? 11);
const only = new Set((option('only') ?? 'mlp,lstm,mha,matmul').split(','));
const fmt = (x: number, digits = 2): string => x.toFixed(digits);
const gflops = (flops: number, t: Timing): string => fmt(flops / (t.median * 1e6));

function row(who: string, t: Timing, flops: number): string {
  return `  ${who.padEnd(17)} ${fmt(t.median).padStart(8)} ms/step (min ${fmt(t.min)}, CPU ${fmt(t.cpuMedian)})  ${gflops(flops, t)} GFLOP/s`;
}

/** Where Backstep's step goes: CPU ms per phase, over a few more steps with the phase clocks on. */
function phaseLine(step: () => unknown): string {
  resetPhases(true);
  for (let i = 0; i < 5; i++) step();
  const per = (x: number): string => fmt(x / phases.steps);
  const line = `  Backstep CPU ms by phase: forward ${per(phases.forward)}, backward ${per(phases.backward)}, Adam ${per(phases.optimizer)}`;
  resetPhases(false);
  return line;
}

async function benchModel(m: Model): Promise<void> {
  const step = m.backstep();
  const [ours, theirs] = await timeTogether([step, m.tfjs()], { warmup: 3, runs });
  const pytorch = PYTORCH_MS[m.key];
  console.log(`\n${m.title} — ${fmt(m.flops / 1e6, 1)} MFLOP of matmul per step`);
  console.log(row('Backstep', ours, m.flops));
  console.log(row('tfjs-backend-cpu', theirs, m.flops));
  console.log(phaseLine(step));
  const speedup = theirs.median / ours.median;
  const cpuSpeedup = theirs.cpuMedian / ours.cpuMedian;
  console.log(`  Backstep is ${fmt(speedup, 1)}× faster than tfjs (CPU time: ${fmt(cpuSpeedup, 1)}×; goal ≥ 5×)`);
  console.log(`  vs PyTorch, 1 thread, ${pytorch} ms (quiet machine): ${fmt(ours.median / pytorch, 1)}× slower (CPU time: ${fmt(ours.cpuMedian / pytorch, 1)}×; goal ≤ 3×)`);
}

async function benchMatmul(): Promise<void> {
  console.log('\nmatmul kernel, 512×512×512, GFLOP/s (median)');
  for (const [name, kernel] of MATMUL_KERNELS) {
    const f32 = await matmulGflops(kernel, 'float32', [512, 512, 512], { warmup: 2, runs });
    const f64 = await matmulGflops(kernel, 'float64', [512, 512, 512], { warmup: 2, runs });
    console.log(`  ${name.padEnd(24)} float32 ${fmt(f32, 1).padStart(6)}   float64 ${fmt(f64, 1).padStart(6)}`);
  }
  console.log('matmul as the models call it (matmulInto, float32), GFLOP/s (median)');
  for (const [name, m, k, n, tA, tB] of MODEL_PRODUCTS) {
    const g = await matmulGflops(dispatchKernel, 'float32', [m, k, n], { warmup: 20, runs: Math.max(runs, 51) }, tA, tB);
    console.log(`  ${name.padEnd(20)} ${`${m}×${k}×${n}`.padEnd(12)} ${fmt(g, 1).padStart(6)}`);
  }
}

async function main(): Promise<void> {
  await useCpuBackend();
  console.log(`Backstep engine benchmark — one training step (forward, loss, backward, Adam), float32, median of ${runs} runs after warm-up`);
  console.log(`node ${process.version}, ${process.arch}, ${availableParallelism()} cores, load average ${loadavg().map((l) => fmt(l, 1)).join(' ')} (1/5/15 min)`);
  for (const m of MODELS) if (only.has(m.key)) await benchModel(m);
  if (only.has('matmul')) await benchMatmul();
  console.log(`\nload average at the end ${loadavg().map((l) => fmt(l, 1)).join(' ')}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
