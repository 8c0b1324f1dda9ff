/**
 * The webviews' figures, in headless Chromium (Debian's, via playwright-core), with the same
 * page and CSP as in VS Code: `npx tsx bench/webview.bench.ts`.
 *  - Inspector: time from a stop message to the Inspector fully rendered (drawn and painted), for
 *    stops recorded from real sessions on the samples (goal < 50 ms); the loss surface's answers
 *    (the race, a landscape) from message to painted.
 *  - Graph: layout + first render of a 2,000-node graph (goal < 2 s), and frame times while panning.
 * Each figure is given as wall time (message → drawn → painted) / CPU time of the browser's
 * processes meanwhile (all threads, from /proc; it includes the test driver's round trip). On a
 * machine shared with other work the wall time includes waiting for a core; the CPU time does not.
 * The third figure is the view's own script (its render code, wall clock).
 * Options: `-- --runs N` (stops timed per sample, default 20; graphs drawn N times, default 1),
 * `-- --only graph|inspector|<sample stop>` (a sample stop, e.g. `glove-err`: that Inspector row alone;
 * repeat `--only` for several).
 */
import { loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import type { GraphView, InspectorView } from '../engine/protocol';
import { buildWebviews, fixture, launchBrowser, serve, StandInHost, type Fixture, type Served } from '../test/webview/support/standInHost';
import { childrenCpuMs } from './processCpu';
import { childrenMemory } from './processMemory';
import { irregularGraph, unrolledGraph } from './webviewGraphs';
import { steppedWordViews } from './webviewWordViews';

const at = process.argv.indexOf('--runs');
const runs = at >= 0 ? Number(process.argv[at + 1]) : 20;
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : null;
const graphRuns = at >= 0 ? runs : 1;
const ALL_SAMPLES = ['mlp-forward', 'mlp-backward', 'lstm-forward', 'lstm-backward', 'lstm-update', 'attention-forward', 'word2vec', 'activations-sigmoid', 'activations-relu', 'transformer-ln1', 'seq2seq-decoding', 'word2vec-hs', 'word2vec-ns', 'glove-err', 'fasttext-vc', 'optimizers-loss'];

/** The sample stops named by `--only`, or null when none is. */
const onlySamples = ((names) => (names.length > 0 ? names : null))(process.argv.flatMap((a, i) => (process.argv[i - 1] === '--only' && ALL_SAMPLES.includes(a) ? [a] : [])));
const SAMPLES = onlySamples ?? ALL_SAMPLES;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const ms = (x: number): string => `${x.toFixed(1)} ms`.padStart(10);
const both = (c: Cost): string => `${c.wall.toFixed(0).padStart(5)} /${c.cpu.toFixed(0).padStart(5)} /${c.script.toFixed(0).padStart(5)}`;
const summary = (cs: Cost[]): Cost => ({ wall: median(cs.map((c) => c.wall)), cpu: median(cs.map((c) => c.cpu)), script: median(cs.map((c) => c.script)) });
const worst = (cs: Cost[]): Cost => ({ wall: p95(cs.map((c) => c.wall)), cpu: p95(cs.map((c) => c.cpu)), script: p95(cs.map((c) => c.script)) });

/** A restored view (the graph panel's saved pan and zoom); null: fit the whole graph. */
interface Transform {
  readonly x: number;
  readonly y: number;
  readonly k: number;
}

interface Cost {
  /** Wall clock, in the page: message posted → view drawn → next frame painted. */
  readonly wall: number;
  /** CPU time the browser's processes spent meanwhile (steady when other work shares the machine). */
  readonly cpu: number;
  /** The view's own script for it, as it reports in its `rendered` event (wall clock). */
  readonly script: number;
}

/**
 * Hands the message to the page first (untimed: that is the test driver's cost), then posts it as
 * the extension host would and waits for the view's `rendered` event and the next painted frame.
 */
async function timeStop(host: StandInHost, message: unknown): Promise<Cost> {
  await host.page.evaluate((m) => ((window as unknown as { __next: unknown }).__next = m), message);
  const cpu0 = childrenCpuMs();
  const { wall, script } = await host.page.evaluate(
    () =>
      new Promise<{ wall: number; script: number }>((resolve) => {
        const t0 = performance.now();
        window.addEventListener('backstep:rendered', (e) => requestAnimationFrame(() => resolve({ wall: performance.now() - t0, script: (e as CustomEvent<{ ms: number }>).detail.ms })), { once: true });
        window.postMessage((window as unknown as { __next: unknown }).__next, '*');
      }),
  );
  return { wall, script, cpu: childrenCpuMs() - cpu0 };
}

/**
 * Stop `i` of stepping through the recorded one: the next op, whose tensors, formula numbers, gate and
 * attention values and gradient norms are new, and the next time step; the curves of the training
 * steps before it (loss, learning rate, history) stay as they were, as they do while stepping.
 */
function stepped(view: InspectorView, i: number): InspectorView {
  const f = 1 + (i % 7) / 100;
  const turn = <T>(xs: readonly T[], by: number): T[] => (xs.length === 0 ? [] : [...xs.slice(by % xs.length), ...xs.slice(0, by % xs.length)]);
  const tensors = (items: NonNullable<InspectorView['op']>['inputs']) =>
    items.map((t) => ({ ...t, tensor: { ...t.tensor, preview: turn(t.tensor.preview, i), stats: { ...t.tensor.stats, min: t.tensor.stats.min * f, max: t.tensor.stats.max * f, mean: t.tensor.stats.mean * f, std: t.tensor.stats.std * f, norm: t.tensor.stats.norm * f } } }));
  const op = view.op && {
    ...view.op,
    formulaWithValues: view.op.formulaWithValues.replace(/\d+\.\d+/g, (x) => (Number(x) * f).toPrecision(4)),
    inputs: tensors(view.op.inputs),
    outputs: tensors(view.op.outputs),
    grads: tensors(view.op.grads),
  };
  const gates = view.gates.map((g) => ({ ...g, currentTimeStep: g.currentTimeStep === null ? null : i % g.gates[0].steps, gates: g.gates.map((x) => ({ ...x, values: turn(x.values, i * x.units) })) }));
  const attention = view.attention.map((a) => ({ ...a, heads: a.heads.map((h) => ({ ...h, values: turn(h.values, i * a.keyLabels.length) })) }));
  const gradients = view.gradients && { ...view.gradients, layers: view.gradients.layers.map((l) => ({ ...l, norm: l.norm === null ? null : l.norm * f })), perTimeStep: view.gradients.perTimeStep.map((p) => ({ ...p, norms: p.norms.map((n) => (n === null ? null : n * f)) })) };
  const stop = { ...view.stop, description: `stop ${i}`, location: { ...view.stop.location, eventIndex: view.stop.location.eventIndex + i } };
  const activation = view.activation && { ...view.activation, counts: turn(view.activation.counts, i) };
  const transformer = view.transformer?.map((b) => ({ ...b, stream: b.stream.map((p) => ({ ...p, norms: p.norms.map((n) => n * f) })), layerNorms: b.layerNorms.map((l) => ({ ...l, variance: l.variance.map((v) => v * f) })) }));
  const decoding = view.decoding?.map((d) => ({ ...d, steps: turn(d.steps, i) }));
  return { ...view, stop, op, gates, attention, gradients, activation, transformer, decoding, ...steppedWordViews(view, f) };
}

/** An Inspector page that has warmed up while waiting for a session, as it does in VS Code before the first stop. */
async function openInspector(browser: Browser, served: Served): Promise<StandInHost> {
  const host = await StandInHost.open(browser, served, 'inspector');
  await host.page.waitForFunction(() => document.body.dataset.warm === 'yes', undefined, { timeout: 60_000 });
  return host;
}

async function inspector(browser: Browser, served: Served): Promise<void> {
  console.log('\nInspector: stop message → fully rendered (drawn + next frame painted), goal < 50 ms; ms: wall / browser CPU / view script');
  console.log(`  ${'sample stop'.padEnd(22)} ${'first'.padStart(19)} ${'median'.padStart(19)} ${'p95'.padStart(19)}`);
  for (const name of SAMPLES) {
    const host = await openInspector(browser, served);
    const view = fixture(name).inspector;
    // Each stop is the next op, with new numbers (as stepping gives), so it cannot be skipped as unchanged.
    const first = await timeStop(host, { type: 'inspector', view: stepped(view, 0) });
    const times: Cost[] = [];
    for (let i = 1; i <= runs; i++) times.push(await timeStop(host, { type: 'inspector', view: stepped(view, i) }));
    console.log(`  ${name.padEnd(22)} ${both(first)} ${both(summary(times))} ${both(worst(times))}`);
    await host.close();
  }
  if (onlySamples) return;
  // Stops from different training steps and phases in turn: nothing can be kept from the last one.
  const host = await openInspector(browser, served);
  const views = ['lstm-forward', 'lstm-backward', 'lstm-update'].map((n) => fixture(n).inspector);
  const first = await timeStop(host, { type: 'inspector', view: views[0] });
  const times: Cost[] = [];
  for (let i = 1; i <= runs; i++) times.push(await timeStop(host, { type: 'inspector', view: views[i % 3] }));
  console.log(`  ${'lstm, 3 stops in turn'.padEnd(22)} ${both(first)} ${both(summary(times))} ${both(worst(times))}`);
  await host.close();
  await surfaceAnswers(browser, served);
}

/**
 * The loss surface's answers, drawn as they come (no `rendered` event: the section draws on receipt):
 * message posted → the next frame painted, for the race of the optimizers and a 21 × 21 landscape.
 */
async function surfaceAnswers(browser: Browser, served: Served): Promise<void> {
  const cases = [
    { title: 'optimizers: the race', name: 'optimizers-loss', ask: 'Race', answer: (f: Fixture) => ({ race: f.race }) },
    { title: 'mlp: the landscape', name: 'mlp-landscape', ask: 'Compute', answer: (f: Fixture) => ({ landscape: f.landscape }) },
  ];
  for (const c of cases) {
    const host = await openInspector(browser, served);
    const f = fixture(c.name);
    await timeStop(host, { type: 'inspector', view: f.inspector });
    const times: number[] = [];
    for (let i = 0; i < Math.max(3, Math.min(runs, 10)); i++) {
      await host.page.locator('[data-section=lossSurface] vscode-button', { hasText: c.ask }).click();
      const requestId = (await host.posted()).filter((m) => m.type === 'surface').at(-1)!.requestId;
      const message = { type: 'surface', requestId, ...c.answer(f) };
      times.push(await host.page.evaluate((m) => new Promise<number>((resolve) => {
        const t0 = performance.now();
        window.postMessage(m, '*');
        requestAnimationFrame(() => resolve(performance.now() - t0));
      }), message));
      if (c.ask === 'Race') await host.page.locator('[data-section=lossSurface] vscode-button', { hasText: 'Hide' }).click();
    }
    console.log(`  ${c.title.padEnd(22)} answer → drawn + painted: median ${ms(median(times))}, worst ${ms(Math.max(...times))} (wall)`);
    await host.close();
  }
}

async function graph(browser: Browser, served: Served, title: string, view: GraphView, expandAll: boolean, transform: Transform | null = null): Promise<void> {
  const firsts: Cost[] = [];
  const nexts: Cost[] = [];
  const gaps: number[] = [];
  let drawn = 0;
  for (let run = 0; run < graphRuns; run++) {
    const one = await drawGraph(browser, served, view, expandAll, transform);
    firsts.push(one.first);
    nexts.push(one.next);
    gaps.push(...one.gaps);
    drawn = one.drawn;
  }
  console.log(`  ${title.padEnd(42)} ${String(view.nodes.length).padStart(5)} ${String(drawn).padStart(5)} ${both(summary(firsts))} ${both(summary(nexts))} ${ms(median(gaps))} ${ms(p95(gaps))} ${ms(Math.max(...gaps))}`);
}

/** One fresh page: the graph's first render, a later stop, and the frames of a pan. Closed whatever happens. */
async function drawGraph(browser: Browser, served: Served, view: GraphView, expandAll: boolean, transform: Transform | null): Promise<{ first: Cost; next: Cost; gaps: number[]; drawn: number }> {
  const layers = view.nodes.filter((n) => n.kind === 'layer').map((n) => n.id);
  const host = await StandInHost.open(browser, served, 'graph', { state: { expanded: expandAll ? layers : [], selected: null, transform, follow: transform === null } });
  // A page lost midway says so (and how much the browser held), instead of only "Target page closed".
  host.page.on('crash', () => console.error(`  the page's renderer crashed (${view.nodes.length} nodes); processes: ${childrenMemory()}`));
  try {
    // The page warms its layout up while it waits for a session, as it does in VS Code before the first stop.
    await host.page.waitForFunction(() => document.body.dataset.warm === 'yes', undefined, { timeout: 60_000 });
    const first = await timeStop(host, { type: 'graph', graph: view });
    const drawn = await host.page.evaluate(() => Number(document.querySelector('svg.graph')?.getAttribute('data-nodes') ?? document.querySelectorAll('g.node').length));
    const next = await timeStop(host, { type: 'graph', graph: { ...view, current: view.nodes[view.nodes.length - 1].id } });
    return { first, next, gaps: await panFrames(host), drawn };
  } finally {
    await host.close();
  }
}

/** Drags across the graph and times the frames while the pointer moves. */
async function panFrames(host: StandInHost): Promise<number[]> {
  const box = (await host.page.locator('svg.graph').boundingBox())!;
  const frames = host.page.evaluate(
    () =>
      new Promise<number[]>((resolve) => {
        const stamps: number[] = [];
        const tick = (t: number): void => {
          stamps.push(t);
          if (stamps.length < 61) requestAnimationFrame(tick);
          else resolve(stamps.slice(1).map((s, i) => s - stamps[i]));
        };
        requestAnimationFrame(tick);
      }),
  );
  // Should the drag fail, the frames' promise still has a handler: left without one, it would reject
  // once the page closes and end the run with "Target page, context or browser has been closed",
  // hiding the drag's own error.
  frames.catch(() => {});
  await host.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await host.page.mouse.down();
  for (let i = 0; i < 60; i++) await host.page.mouse.move(box.x + box.width / 2 + Math.sin(i / 6) * 200, box.y + box.height / 2 + i * 3);
  await host.page.mouse.up();
  return frames;
}

async function main(): Promise<void> {
  buildWebviews();
  const served = await serve();
  const browser = await launchBrowser();
  console.log(`Backstep webviews: headless Chromium, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on this machine`);
  try {
    if (only !== 'graph') await inspector(browser, served);
    if (only === 'inspector' || onlySamples) return;
    console.log('\nGraph: layout + first render (goal < 2 s); a later stop (repaint only), ms: wall / browser CPU / view script; frames while panning (median over runs; frames pooled)');
    console.log(`  ${'graph'.padEnd(42)} ${'nodes'.padStart(5)} ${'drawn'.padStart(5)} ${'first'.padStart(19)} ${'next stop'.padStart(19)} ${'pan median'.padStart(10)} ${'p95'.padStart(10)} ${'worst'.padStart(10)}`);
    await graph(browser, served, 'LSTM sample, layers collapsed', fixture('lstm-backward').graph, false);
    await graph(browser, served, 'LSTM sample, expanded (12 time steps)', fixture('lstm-backward').graph, true);
    await graph(browser, served, '6 LSTM layers × 16 steps, collapsed', unrolledGraph(6, 16), false);
    await graph(browser, served, '6 LSTM layers × 16 steps, all expanded', unrolledGraph(6, 16), true);
    await graph(browser, served, '6 LSTM layers × 16 steps, expanded, at 1:1', unrolledGraph(6, 16), true, { x: 0, y: 0, k: 1 });
    await graph(browser, served, '40 distinct blocks × 50 ops, all expanded', irregularGraph(40, 50), true);
  } finally {
    await browser.close();
    await served.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
