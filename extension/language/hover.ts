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

/** What the last check of the file found that a hover can show: the class labels of the target, by id. */
export interface CheckedFacts {
  readonly classes?: readonly string[];
}

export function hoverAt(text: string, line: number, character: number, facts: CheckedFacts = {}): HoverInfo | null {
  const w = wordAt(text, line, character);
  if (!w) return null;
  const ctx = contextAt(text, line, w.end);
  if (!ctx) return null;
  const rest = (text.split(/\r?\n/)[line] ?? '').slice(w.end);
  const isKey = ctx.position.kind === 'key' && /^\s*:(\s|$)/.test(rest);
  const path = isKey ? [...ctx.path, w.word] : ctx.position.kind === 'value' && ctx.position.key !== null ? [...ctx.path, ctx.position.key] : ctx.path;
  const markdown = isKey ? keyHover(ctx.path, w.word) : valueHover(path, w.word);
  const mapping = facts.classes && path.join('.') === 'data.target' ? classTable(facts.classes) : null;
  const shown = [markdown, mapping].filter(Boolean).join('\n\n');
  return shown ? { markdown: shown, start: w.start, end: w.end } : null;
}

/** Rows of the class mapping shown in a hover; past them, how many more. */
const CLASS_ROWS = 30;

/** The target's labels by class id, as a markdown table (a `|` or `\\` in a label escaped). */
function classTable(classes: readonly string[]): string {
  const cell = (label: string): string => label.replace(/[\\|`*_[\]<>]/g, (c) => `\\${c}`);
  const rows = classes.slice(0, CLASS_ROWS).map((label, id) => `| ${id} | ${cell(label)} |`);
  const more = classes.length > CLASS_ROWS ? `\n\n… and ${classes.length - CLASS_ROWS} more (${classes.length} classes)` : '';
  return `Classes of the target, as read from the data:\n\n| id | label |\n|---:|---|\n${rows.join('\n')}${more}`;
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
