/**
 * A plain layered layout for when ELK would take too long (many large boxes with nothing alike):
 * longest-path layers, one barycentre pass to order each layer, rows centred. Linear in the graph's
 * size. Its edges get no routes: they are drawn as curves between the boxes.
 */
export interface QuickInput {
  readonly ids: readonly string[];
  readonly sizes: readonly { readonly width: number; readonly height: number }[];
  readonly links: readonly { readonly from: string; readonly to: string }[];
  readonly direction: 'DOWN' | 'RIGHT';
  readonly padding: { readonly top: number; readonly left: number; readonly bottom: number; readonly right: number };
}

const GAP_ACROSS = 14;
const GAP_ALONG = 26;

export function quickLayout(input: QuickInput): { width: number; height: number; at: Map<string, { x: number; y: number }> } {
  const index = new Map(input.ids.map((id, i) => [id, i]));
  const preds: number[][] = input.ids.map(() => []);
  for (const l of input.links) {
    const [a, b] = [index.get(l.from), index.get(l.to)];
    if (a !== undefined && b !== undefined && a !== b) preds[b].push(a);
  }
  // Layer = longest path from a source, in model order (an edge back to an earlier node is ignored).
  const layer = input.ids.map(() => 0);
  for (let i = 0; i < input.ids.length; i++) for (const p of preds[i]) if (p < i) layer[i] = Math.max(layer[i], layer[p] + 1);
  const layers: number[][] = [];
  input.ids.forEach((_, i) => (layers[layer[i]] ??= []).push(i));
  const slot = input.ids.map(() => 0);
  for (const row of layers) {
    const centre = (i: number): number => (preds[i].length ? preds[i].reduce((s, p) => s + slot[p], 0) / preds[i].length : slot[i]);
    row.sort((a, b) => centre(a) - centre(b) || a - b).forEach((i, k) => (slot[i] = k));
  }
  const down = input.direction === 'DOWN';
  const along = (i: number): number => (down ? input.sizes[i].height : input.sizes[i].width);
  const across = (i: number): number => (down ? input.sizes[i].width : input.sizes[i].height);
  const rowAcross = layers.map((row) => row.reduce((s, i) => s + across(i), 0) + GAP_ACROSS * Math.max(0, row.length - 1));
  const widest = Math.max(0, ...rowAcross);
  const at = new Map<string, { x: number; y: number }>();
  let offset = 0;
  layers.forEach((row, r) => {
    let cursor = (widest - rowAcross[r]) / 2;
    const depth = Math.max(...row.map(along));
    for (const i of row) {
      const [a, b] = [offset + (depth - along(i)) / 2, cursor];
      at.set(input.ids[i], down ? { x: input.padding.left + b, y: input.padding.top + a } : { x: input.padding.left + a, y: input.padding.top + b });
      cursor += across(i) + GAP_ACROSS;
    }
    offset += depth + GAP_ALONG;
  });
  const length = Math.max(0, offset - GAP_ALONG);
  const [w, h] = down ? [widest, length] : [length, widest];
  return { width: input.padding.left + w + input.padding.right, height: input.padding.top + h + input.padding.bottom, at };
}
