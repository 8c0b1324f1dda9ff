import type { HostToWebview } from '../../engine/protocol';

/**
 * The webview's own check of what the host sends: the shape the renderers rely on (the host is
 * trusted, but a view must survive a message from a newer or older host rather than go blank).
 */
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isLayer = (v: unknown): v is string | null => v === null || isString(v);

function isInspectorView(v: unknown): boolean {
  if (!isObject(v) || !isObject(v.model) || !isObject(v.stop) || !isObject(v.training)) return false;
  if (!isObject(v.stop.location) || !isString(v.stop.description)) return false;
  if (!isArray(v.stack) || !isArray(v.gates) || !isArray(v.attention)) return false;
  return (v.op === null || isObject(v.op)) && (v.gradients === null || isObject(v.gradients));
}

/** Pinned tensors: absent, or each with its expression and what kind of answer it is. */
function isPinned(v: unknown): boolean {
  return v === undefined || (isArray(v) && v.every((p) => isObject(p) && isString(p.expression) && isString(p.kind)));
}

function isGraphView(v: unknown): boolean {
  if (!isObject(v) || !isArray(v.nodes) || !isArray(v.edges)) return false;
  return v.nodes.every((n) => isObject(n) && isString(n.id) && isString(n.label) && isLayer(n.layer) && isArray(n.scope)) && v.edges.every((e) => isObject(e) && isString(e.from) && isString(e.to));
}

/** A loss surface: its axes, its path and (when computed) a grid with as many values as points. */
function isSurface(v: unknown): boolean {
  if (!isObject(v) || !isArray(v.axes) || v.axes.length !== 2 || !isArray(v.path)) return false;
  const g = v.grid;
  return g === null || (isObject(g) && Number.isInteger(g.nx) && Number.isInteger(g.ny) && isArray(g.values) && g.values.length === (g.nx as number) * (g.ny as number));
}

export function isHostToWebview(m: unknown): m is HostToWebview {
  if (!isObject(m)) return false;
  switch (m.type) {
    case 'inspector':
      return isInspectorView(m.view) && isPinned(m.pinned);
    case 'graph':
      return isGraphView(m.graph);
    case 'idle':
      return isString(m.message);
    case 'slice':
      return Number.isInteger(m.requestId) && (m.slice === null || isObject(m.slice));
    case 'select':
      return isString(m.node) && isLayer(m.layer);
    case 'surface':
      return Number.isInteger(m.requestId) && (m.race === undefined || (isObject(m.race) && isArray(m.race.racers))) && (m.landscape === undefined || isSurface(m.landscape)) && (m.error === undefined || isString(m.error));
    case 'landscapeProgress':
      return Number.isInteger(m.done) && Number.isInteger(m.total);
    default:
      return false;
  }
}
