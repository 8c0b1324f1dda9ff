/// <reference lib="dom" />
import type { StandInHost } from './standInHost';

/** The graph's zoom as drawn (the viewport's scale), read after two frames so that a key's zoom has landed. */
function drawnZoom(host: StandInHost): Promise<number> {
  return host.page.evaluate(
    () => new Promise<number>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(Number(/scale\(([\d.]+)\)/.exec(document.querySelector('g.viewport')?.getAttribute('transform') ?? '')?.[1] ?? 0))))),
  );
}

/** Goes to the current op (C) and presses + until the graph is drawn at 1:1 or larger, as a reader zooms in. */
export async function zoomToCurrent(host: StandInHost): Promise<void> {
  await host.page.focus('svg.graph');
  await host.page.keyboard.press('c');
  for (let i = 0; i < 30 && (await drawnZoom(host)) < 1; i++) await host.page.keyboard.press('+');
}
