/**
 * The graph panel on an imported model's scale, in headless Chromium with the panel's own page and
 * CSP: `npx tsx bench/graphScale.bench.ts [-- --runs N]` (builds the webviews first).
 *  - open: a tape of 5,000 ops in 100 modules arrives; time to laid out, drawn and painted, every
 *    module collapsed (goal < 2 s);
 *  - expand: a click on one module's expander; time to relaid out, drawn and painted (goal < 200 ms):
 *    the page's first picture (ELK's layouts it has seen, the quick layout elsewhere); then a second
 *    module: laid out anew when modules are wired differently, from the layout cache when they are
 *    alike (a stack of identical layers, as a Transformer exports). `refined`: when a first picture
 *    was quick somewhere, the time until the worker's ELK layout replaced it (no goal: the panel
 *    is usable meanwhile);
 *  - collapse: the second module closed again.
 * Both kinds of tape are measured: alike modules, and every module wired differently; each once as
 * it opens (fitted: the whole model at 7 %, no label readable, none drawn) and once zoomed in to
 * 1:1 on the first module (as one reads it: the labels and edge shapes on screen are drawn).
 * At 1:1 the modules expanded are the first and its neighbour, both on screen.
 * Figures: wall time in the page (message or click → `rendered` → next frame), the browser's CPU time
 * meanwhile, and the view's own script time. Median and worst over the runs.
 */
import { loadavg } from 'node:os';
import type { GraphView } from '../engine/protocol';
import { zoomToCurrent } from '../test/webview/support/graphZoom';
import { buildWebviews, launchBrowser, serve, StandInHost } from '../test/webview/support/standInHost';
import { childrenCpuMs } from './processCpu';
import { moduleGraph } from './webviewGraphs';

const at = process.argv.indexOf('--runs');
const runs = at >= 0 ? Number(process.argv[at + 1]) : 3;
const MODULES = 100;
const OPS = 50;

interface Cost {
  readonly wall: number;
  readonly cpu: number;
  readonly script: number;
  /** The view's own split of its script time (model, layout, draw, paint). */
  readonly parts: Readonly<Record<string, number>>;
  /** Wall time until ELK's layout replaced the first picture (null: the first picture was ELK's). */
  readonly refined: number | null;
}

/** Runs `act` in the page and waits for the graph's `rendered` event and the next painted frame (and for `refined` when one follows). */
async function timed(host: StandInHost, act: string, arg: unknown): Promise<Cost> {
  const cpu0 = childrenCpuMs();
  const r = await host.page.evaluate(
    ([what, value]) =>
      new Promise<{ wall: number; script: number; parts: Record<string, number>; refined: number | null }>((resolve) => {
        const t0 = performance.now();
        let refined: number | null = null;
        const onRefined = (): void => void (refined = performance.now() - t0);
        window.addEventListener('backstep:refined', onRefined, { once: true });
        window.addEventListener(
          'backstep:rendered',
          (e) => {
            const detail = (e as CustomEvent<{ ms: number; parts?: Record<string, number>; refining?: boolean }>).detail;
            requestAnimationFrame(() => {
              const wall = performance.now() - t0;
              const done = (): void => resolve({ wall, script: detail.ms, parts: detail.parts ?? {}, refined });
              if (!detail.refining) {
                window.removeEventListener('backstep:refined', onRefined);
                return done();
              }
              if (refined !== null) return done();
              window.addEventListener('backstep:refined', () => requestAnimationFrame(done), { once: true });
            });
          },
          { once: true },
        );
        if (what === 'post') window.postMessage(value, '*');
        else (document.querySelector(`[data-expand="${String(value)}"]`) as SVGElement | null)?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      }),
    [act, arg] as const,
  );
  return { ...r, cpu: childrenCpuMs() - cpu0 };
}

const fmt = (c: Omit<Cost, 'parts' | 'refined'>): string => `${c.wall.toFixed(0).padStart(6)} /${c.cpu.toFixed(0).padStart(6)} /${c.script.toFixed(0).padStart(6)}`;
const median = (xs: Cost[], k: Figure): number => [...xs].map((c) => c[k]).sort((a, b) => a - b)[xs.length >> 1];
type Figure = 'wall' | 'cpu' | 'script';
const pick = (f: (k: Figure) => number): Omit<Cost, 'parts' | 'refined'> => ({ wall: f('wall'), cpu: f('cpu'), script: f('script') });
const partsOf = (c: Cost): string => Object.entries(c.parts).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ');

async function main(): Promise<void> {
  buildWebviews();
  const served = await serve();
  const browser = await launchBrowser();
  try {
    for (const alike of [true, false])
      for (const zoomed of [false, true]) await measure(browser, served, moduleGraph(MODULES, OPS, alike), `${alike ? 'alike modules' : 'every module wired differently'}, ${zoomed ? 'zoomed in to 1:1' : 'fitted'}`, zoomed);
  } finally {
    await browser.close();
    await served.close();
  }
}

type Step = 'open' | 'expand' | 'expand another' | 'collapse';

/** Goes to the current op's module (`C`) and zooms in (`+`) to 1:1, as a reader would. */
async function zoomIn(host: StandInHost): Promise<void> {
  await zoomToCurrent(host);
  const labels = await host.page.evaluate(() => document.querySelectorAll('text.label').length);
  if (labels === 0) throw new Error('zoomed in to 1:1, yet no label is drawn');
}

async function measure(browser: Awaited<ReturnType<typeof launchBrowser>>, served: Awaited<ReturnType<typeof serve>>, view: GraphView, what: string, zoomed: boolean): Promise<void> {
  const ops = view.nodes.filter((n) => n.kind === 'op').length;
  console.log(`\nGraph panel at scale, ${what}: ${ops} ops in ${MODULES} modules (${view.nodes.length} nodes, ${view.edges.length} edges); load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log('ms: wall / browser CPU / view script');
  const costs: Record<Step, Cost[]> = { open: [], expand: [], 'expand another': [], collapse: [] };
  for (let run = 0; run < runs; run++) {
    const host = await StandInHost.open(browser, served, 'graph', { state: { expanded: [], selected: null, transform: null, follow: false } });
    try {
      await host.page.waitForFunction(() => document.body.dataset.warm === 'yes', undefined, { timeout: 60_000 });
      costs.open.push(await timed(host, 'post', { type: 'graph', graph: view }));
      const drawn = await host.page.evaluate(() => document.querySelectorAll('[data-expand]').length);
      if (drawn !== MODULES) throw new Error(`expected ${MODULES} collapsed modules with an expander, found ${drawn}`);
      if (zoomed) await zoomIn(host);
      const module = zoomed ? 'layer:layers.0' : `layer:layers.${(run * 37) % MODULES}`;
      const another = zoomed ? 'layer:layers.1' : `layer:layers.${(run * 37 + 50) % MODULES}`;
      costs.expand.push(await timed(host, 'click', module));
      costs['expand another'].push(await timed(host, 'click', another));
      costs.collapse.push(await timed(host, 'click', another));
    } finally {
      await host.close();
    }
  }
  const goals: Record<Step, number> = { open: 2000, expand: 200, 'expand another': 200, collapse: 200 };
  console.log(`  ${'step'.padEnd(14)} ${'median'.padStart(20)} ${'worst'.padStart(20)}  goal`);
  for (const k of ['open', 'expand', 'expand another', 'collapse'] as const) {
    const worst = pick((f) => Math.max(...costs[k].map((c) => c[f])));
    const refined = costs[k].map((c) => c.refined).filter((x): x is number => x !== null);
    const later = refined.length ? `; ELK's layout in ${refined.map((x) => x.toFixed(0)).join(', ')} ms` : '';
    console.log(`  ${k.padEnd(14)} ${fmt(pick((f) => median(costs[k], f)))} ${fmt(worst)}  < ${goals[k]} ms   (script: ${partsOf(costs[k][costs[k].length - 1])}${later})`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
