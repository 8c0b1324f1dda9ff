import { formulaOf } from './catalogDocs';
import { isRefAt, keysAt, valuesAt, type KeyInfo } from './schemaWalk';
import { contextAt } from './yamlContext';

/**
 * Completion for model files, as plain data (the VS Code provider only wraps it): keys and kinds
 * where a key is typed, allowed values and layer names where a value is typed.
 */
export interface CompletionEntry {
  readonly label: string;
  readonly kind: 'key' | 'kind' | 'value' | 'reference';
  readonly detail: string;
  /** Markdown. */
  readonly documentation: string;
  /** Snippet syntax (`$1`), inserted over the typed word. */
  readonly insertText: string;
  /** 0-based column where the typed word starts (the range replaced). */
  readonly replaceFrom: number;
}

export function completionsAt(text: string, line: number, character: number): CompletionEntry[] {
  const ctx = contextAt(text, line, character);
  if (!ctx) return [];
  const from = ctx.wordStart;
  if (ctx.position.kind === 'key') return keysAt(ctx.path).map((k) => keyEntry(k, ctx.path, from));
  const valuePath = ctx.position.key === null ? ctx.path : [...ctx.path, ctx.position.key];
  const values: CompletionEntry[] = valuesAt(valuePath).map((v) => ({
    label: v.value,
    kind: 'value',
    detail: '',
    documentation: withFormula(v.doc, formulaOf(valuePath, v.value)),
    insertText: v.value,
    replaceFrom: from,
  }));
  // Kinds that need settings cannot be written bare: offer them in flow form, `{ step: { step_size: 1 } }`.
  const bare = new Set(values.map((v) => v.label));
  for (const k of keysAt(valuePath).filter((key) => key.isKind && !bare.has(key.name))) {
    values.push({ label: k.name, kind: 'kind', detail: 'needs settings', documentation: withFormula(k.doc, formulaOf(valuePath, k.name)), insertText: `{ ${k.name}: { ${requiredSnippet(k)} } }`, replaceFrom: from });
  }
  if (isRefAt(valuePath)) values.push(...layerNames(text).map((name) => ({ label: name, kind: 'reference' as const, detail: 'layer', documentation: `the output of layer \`${name}\``, insertText: name, replaceFrom: from })));
  return values;
}

function keyEntry(k: KeyInfo, path: readonly string[], from: number): CompletionEntry {
  if (k.isKind) {
    const settings = requiredSnippet(k);
    return {
      label: k.name,
      kind: 'kind',
      detail: path[0] === 'model' ? 'layer' : 'kind',
      documentation: withFormula(k.doc, formulaOf(path, k.name)),
      insertText: settings ? `${k.name}: { ${settings} }` : k.name,
      replaceFrom: from,
    };
  }
  return { label: k.name, kind: 'key', detail: '', documentation: k.doc, insertText: `${k.name}: `, replaceFrom: from };
}

/** `out: ${1}, in: ${2}`: the settings a kind cannot do without, as snippet stops. */
function requiredSnippet(k: KeyInfo): string {
  return k.required.map((r, i) => `${r}: \${${i + 1}}`).join(', ');
}

export function withFormula(doc: string, formula: string | undefined): string {
  return formula ? `${doc}\n\n\`\`\`latex\n${formula}\n\`\`\`` : doc;
}

/** Names given to layers in the file (`name: encoder`), for inputs that refer to them. */
function layerNames(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/\bname:\s*["']?([A-Za-z_]\w*)/g)) names.add(m[1]);
  return [...names];
}
