import { typeText, type AttrDef } from './attrs';
import { layerKind } from './catalog';
import { TASKS } from './catalog/data';
import { LOSSES, OPTIMIZERS, SCHEDULES } from './catalog/training';

/**
 * Hover text for a model file, from the catalogue: a layer kind (doc, formula, settings, inputs,
 * outputs) or one setting of it. Markdown, with the formula as a `$$…$$` LaTeX block.
 */
export function layerHover(kind: string, attr?: string): string | undefined {
  const def = layerKind(kind);
  if (!def) return undefined;
  if (attr) {
    const a = def.attrs[attr];
    const slot = def.inputs.find((s) => s.name === attr);
    if (a) return settingLine(attr, a);
    return slot ? `**${attr}** (input) — ${slot.doc}` : undefined;
  }
  const settings = Object.entries(def.attrs).map(([k, a]) => `- ${settingLine(k, a)}`);
  const inputs = def.inputs.map((s) => `- \`${s.name}\`${s === def.inputs[0] ? ' (or `input`)' : ''} — ${s.doc}`);
  const outputs = def.outputs.map((o) => `- \`${o.name}\` — ${o.doc}`);
  return [`**${kind}** — ${def.doc}`, `$$${def.formula}$$`, '**Settings**', ...settings, '**Inputs**', ...inputs, '**Outputs**', ...outputs].join('\n\n');
}

/** Hover for a loss, optimizer, schedule or data task name. */
export function kindHover(kind: string): string | undefined {
  for (const table of [LOSSES, OPTIMIZERS, SCHEDULES]) {
    const def = table.find((k) => k.kind === kind);
    if (def) return [`**${kind}** — ${def.doc}`, def.formula ? `$$${def.formula}$$` : '', ...Object.entries(def.attrs).map(([k, a]) => `- ${settingLine(k, a)}`)].filter(Boolean).join('\n\n');
  }
  const task = TASKS.find((t) => t.task === kind);
  return task && [`**${kind}** — ${task.doc}`, ...Object.entries(task.attrs).map(([k, a]) => `- ${settingLine(k, a)}`)].join('\n\n');
}

function settingLine(key: string, a: AttrDef): string {
  const dflt = a.default !== undefined ? `, default \`${JSON.stringify(a.default)}\`` : a.required ? ', required' : '';
  return `\`${key}\` — ${a.doc} (${typeText(a.type)}${dflt})`;
}
