/**
 * The webviews' figures, in headless Chromium (Debian's, via playwright-core), with the same
 * page and CSP as in VS Code: `npx tsx bench/webview.bench.ts`.
 *  - Inspector: time from a stop message to the Inspector fully rendered (drawn and painted), for
 *    stops recorded from real sessions on the samples (goal < 50 ms).
 *  - Graph: layout + first render of a 2,000-node graph (goal < 2 s), and frame times while panning.
 * Each figure is given as wall time (message → drawn → painted) / the view's own work (its render
 * code). On a machine shared with other work the wall time includes waiting for a core.
 * Options: `-- --runs N` (stops timed per sample, default 20).
 */
import { loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import type { GraphView, InspectorView } from '../engine/protocol';
import { buildWebviews, fixture, launchBrowser, serve, StandInHost, type Served } from '../test/webview/support/standInHost';
import { irregularGraph, unrolledGraph } from './webviewGraphs';

const at = process.argv.indexOf('--runs');
const runs = at >= 0 ? Number(process.argv[at + 1]) : 20;
const SAMPLES = ['mlp-forward', 'mlp-backward', 'lstm-forward', 'lstm-backward', 'lstm-update', 'attention-forward', 'word2vec'];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const ms = (x: number): string => `${x.toFixed(1)} ms`.padStart(10);
const both = (c: { wall: number; cpu: number }): string => `${c.wall.toFixed(0).padStart(6)} / ${c.cpu.toFixed(0).padStart(4)} ms`;
const summary = (cs: { wall: number; cpu: number }[]): { wall: number; cpu: number } => ({ wall: median(cs.map((c) => c.wall)), cpu: median(cs.map((c) => c.cpu)) });
const worst = (cs: { wall: number; cpu: number }[]): { wall: number; cpu: number } => ({ wall: p95(cs.map((c) => c.wall)), cpu: p95(cs.map((c) => c.cpu)) });

interface Cost {
  /** Wall clock, in the page: message posted → view drawn → next frame painted. */
  readonly wall: number;
  /** The view's own work for it (its render code, as it reports in `backstep:rendered`). */
  readonly cpu: number;
}

/** In the page: post a message, wait for the view's `rendered` event and the next painted frame. */
function timeStop(host: StandInHost, message: unknown): Promise<Cost> {
  return host.page.evaluate(
    (m) =>
      new Promise<Cost>((resolve) => {
        const t0 = performance.now();
        window.addEventListener('backstep:rendered', (e) => requestAnimationFrame(() => resolve({ wall: performance.now() - t0, cpu: (e as CustomEvent<{ ms: number }>).detail.ms })), { once: true });
        window.postMessage(m, '*');
      }),
    message,
  );
}

async function inspector(browser: Browser, served: Served): Promise<void> {
  console.log('\nInspector: stop message → fully rendered (drawn + next frame painted), goal < 50 ms; wall / the view’s own work');
  console.log(`  ${'sample stop'.padEnd(22)} ${'first'.padStart(16)} ${'median'.padStart(16)} ${'p95'.padStart(16)}`);
  for (const name of SAMPLES) {
    const host = await StandInHost.open(browser, served, 'inspector');
    const view = fixture(name).inspector;
    // Each stop differs from the last (as stepping does), so nothing is skipped as unchanged.
    const stop = (i: number): InspectorView => ({ ...view, stop: { ...view.stop, description: `stop ${i}`, location: { ...view.stop.location, eventIndex: view.stop.location.eventIndex + (i % 2) } } });
    const first = await timeStop(host, { type: 'inspector', view: stop(0) });
    const times: Cost[] = [];
    for (let i = 1; i <= runs; i++) times.push(await timeStop(host, { type: 'inspector', view: stop(i) }));
    console.log(`  ${name.padEnd(22)} ${both(first)} ${both(summary(times))} ${both(worst(times))}`);
    await host.close();
  }
  // Stops from different training steps and phases in turn: nothing can be kept from the last one.
  const host = await StandInHost.open(browser, served, 'inspector');
  const views = ['lstm-forward', 'lstm-backward', 'lstm-update'].map((n) => fixture(n).inspector);
  const first = await timeStop(host, { type: 'inspector', view: views[0] });
  const times: Cost[] = [];
  for (let i = 1; i <= runs; i++) times.push(await timeStop(host, { type: 'inspector', view: views[i % 3] }));
  console.log(`  ${'lstm, 3 stops in turn'.padEnd(22)} ${both(first)} ${both(summary(times))} ${both(worst(times))}`);
  await host.close();
}

async function graph(browser: Browser, served: Served, title: string, view: GraphView, expandAll: boolean): Promise<void> {
  const layers = view.nodes.filter((n) => n.kind === 'layer').map((n) => n.id);
  const host = await StandInHost.open(browser, served, 'graph', { state: { expanded: expandAll ? layers : [], selected: null, transform: null, follow: true } });
  // The page warms ELK up while it waits for a session, as it does in VS Code before the first stop.
  await host.page.waitForFunction(() => document.body.dataset.warm === 'yes', undefined, { timeout: 60_000 });
  const first = await timeStop(host, { type: 'graph', graph: view });
  const drawn = await host.page.locator('g.node').count();
  const next = await timeStop(host, { type: 'graph', graph: { ...view, current: view.nodes[view.nodes.length - 1].id } });
  // Pan: drag across the graph and time the frames while the pointer moves.
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
  await host.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await host.page.mouse.down();
  for (let i = 0; i < 60; i++) await host.page.mouse.move(box.x + box.width / 2 + Math.sin(i / 6) * 200, box.y + box.height / 2 + i * 3);
  await host.page.mouse.up();
  const gaps = await frames;
  console.log(`  ${title.padEnd(42)} ${String(view.nodes.length).padStart(5)} ${String(drawn).padStart(5)} ${both(first)} ${both(next)} ${ms(median(gaps))} ${ms(Math.max(...gaps))}`);
  await host.close();
}

async function main(): Promise<void> {
  buildWebviews();
  const served = await serve();
  const browser = await launchBrowser();
  console.log(`Backstep webviews: headless Chromium, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on this machine`);
  try {
    await inspector(browser, served);
    console.log('\nGraph: layout + first render (goal < 2 s); a later stop (repaint only), wall / the view’s own work; frames while panning');
    console.log(`  ${'graph'.padEnd(42)} ${'nodes'.padStart(5)} ${'drawn'.padStart(5)} ${'first'.padStart(16)} ${'next stop'.padStart(16)} ${'pan frame'.padStart(10)} ${'worst'.padStart(10)}`);
    await graph(browser, served, 'LSTM sample, layers collapsed', fixture('lstm-backward').graph, false);
    await graph(browser, served, 'LSTM sample, expanded (12 time steps)', fixture('lstm-backward').graph, true);
    await graph(browser, served, '6 LSTM layers × 16 steps, collapsed', unrolledGraph(6, 16), false);
    await graph(browser, served, '6 LSTM layers × 16 steps, all expanded', unrolledGraph(6, 16), true);
    await graph(browser, served, '40 distinct blocks × 50 ops, all expanded', irregularGraph(40, 50), true);
  } finally {
    await browser.close();
    await served.close();
  }
}

void main();
