import { formulaOf } from './catalogDocs';
import { withFormula } from './completion';
import { defaultAt, keysAt, valuesAt } from './schemaWalk';
import { contextAt, wordAt } from './yamlContext';

/** Hover text for keys and kinds of a model file, as plain data (markdown and the word's span). */
export interface HoverInfo {
  readonly markdown: string;
  readonly start: number;
  readonly end: number;
}

export function hoverAt(text: string, line: number, character: number): HoverInfo | null {
  const w = wordAt(text, line, character);
  if (!w) return null;
  const ctx = contextAt(text, line, w.end);
  if (!ctx) return null;
  const rest = (text.split(/\r?\n/)[line] ?? '').slice(w.end);
  const isKey = ctx.position.kind === 'key' && /^\s*:(\s|$)/.test(rest);
  const markdown = isKey ? keyHover(ctx.path, w.word) : valueHover(ctx.position.kind === 'value' && ctx.position.key !== null ? [...ctx.path, ctx.position.key] : ctx.path, w.word);
  return markdown ? { markdown, start: w.start, end: w.end } : null;
}

function keyHover(path: readonly string[], key: string): string | null {
  const info = keysAt(path).find((k) => k.name === key);
  if (!info) return null;
  if (!info.isKind) {
    const dflt = defaultAt([...path, key]);
    return `**${key}** — ${info.doc}${dflt === undefined ? '' : `\n\ndefault: \`${JSON.stringify(dflt)}\``}`;
  }
  return kindHover(path, key, info.doc);
}

function valueHover(path: readonly string[], value: string): string | null {
  const info = valuesAt(path).find((v) => v.value === value);
  if (!info) return null;
  const isKind = keysAt(path).some((k) => k.isKind && k.name === value);
  return isKind ? kindHover(path, value, info.doc) : `**${value}** — ${info.doc}`;
}

/** A kind: what it does, its formula, and its settings with their defaults. */
function kindHover(path: readonly string[], kind: string, doc: string): string {
  const settings = keysAt([...path, kind]).map((s) => {
    const dflt = defaultAt([...path, kind, s.name]);
    return `- \`${s.name}\`${dflt === undefined ? '' : ` = \`${JSON.stringify(dflt)}\``} — ${s.doc}`;
  });
  return withFormula(`**${kind}** — ${doc}`, formulaOf(path, kind)) + (settings.length ? `\n\n${settings.join('\n')}` : '');
}
