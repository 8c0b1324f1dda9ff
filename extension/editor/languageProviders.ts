import * as vscode from 'vscode';
import { completionsAt, type CompletionEntry } from '../language/completion';
import { hoverAt, type CheckedFacts } from '../language/hover';

/** Completion and hover for keys and kinds, from the engine's catalogue (see ../language/). */
export class ModelCompletion implements vscode.CompletionItemProvider {
  provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    return completionsAt(doc.getText(), position.line, position.character).map((e) => toItem(e, position));
  }
}

const KINDS: Record<CompletionEntry['kind'], vscode.CompletionItemKind> = {
  key: vscode.CompletionItemKind.Property,
  kind: vscode.CompletionItemKind.Class,
  value: vscode.CompletionItemKind.EnumMember,
  reference: vscode.CompletionItemKind.Reference,
};

function toItem(e: CompletionEntry, position: vscode.Position): vscode.CompletionItem {
  const item = new vscode.CompletionItem(e.label, KINDS[e.kind]);
  item.detail = e.detail || undefined;
  item.documentation = new vscode.MarkdownString(e.documentation);
  item.insertText = new vscode.SnippetString(e.insertText);
  item.range = new vscode.Range(position.line, e.replaceFrom, position.line, position.character);
  return item;
}

export class ModelHover implements vscode.HoverProvider {
  /** `facts`: what the latest check of a document found (the class mapping of `target:`). */
  constructor(private readonly facts: (doc: vscode.TextDocument) => CheckedFacts = () => ({})) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const info = hoverAt(doc.getText(), position.line, position.character, this.facts(doc));
    if (!info) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(info.markdown), new vscode.Range(position.line, info.start, position.line, info.end));
  }
}
