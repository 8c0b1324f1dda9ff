import * as vscode from 'vscode';
import { checkModel } from '../../engine/model/check';
import { classNamesOf, type LoadedData } from '../../engine/data/loaded';
import type { Diagnostic } from '../../engine/model/diagnostics';
import type { DataSpec } from '../../engine/model/spec';
import type { CheckedFacts } from '../language/hover';
import { Disposable } from '../disposable';
import { readDataFiles } from '../dap/dataFiles';
import { isModelDocument } from '../modelDocument';
import { workspaceFileReader } from '../workspaceFileReader';
import { CachedFileReader } from './cachedFileReader';

/** Pause after the last keystroke before checking again. */
const DEBOUNCE_MS = 300;

/**
 * Errors of a model file as you type: the engine's `checkModel` (the same list `backstep check` and a
 * launch report), debounced, at the line and column it names. The data files it names are read
 * through the same seam as a launch (engine/model/files.ts), kept until they change on disk.
 */
export class ModelDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('backstep'));
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly files = this.register(new CachedFileReader(workspaceFileReader));
  /** The latest check asked for, per document: an older one that finishes later is dropped. */
  private readonly latest = new Map<string, number>();
  private checks = 0;
  /** What the latest check of each document found that a hover shows (the class mapping). */
  private readonly facts = new Map<string, CheckedFacts>();

  constructor() {
    super();
    this.register(vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)));
    this.register(vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc)));
    this.register({ dispose: () => this.timers.forEach((t) => clearTimeout(t)) });
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!isModelDocument(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!doc.isClosed && !this.isDisposed) void this.check(doc);
      }, delay),
    );
  }

  private async check(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    const id = ++this.checks;
    this.latest.set(key, id);
    try {
      const text = doc.getText();
      const files = await readDataFiles(this.files, key, text);
      if (this.latest.get(key) !== id || doc.isClosed || this.isDisposed) return;
      const checked = checkModel(text, { files });
      this.collection.set(doc.uri, checked.diagnostics.map(toVsDiagnostic));
      const classes = classNamesOf(loadedOf(checked.model?.spec.data));
      this.facts.set(key, classes ? { classes } : {});
    } catch (error) {
      // The checker is not supposed to throw; if it does, say so at the top rather than fail silently.
      this.collection.set(doc.uri, [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `Backstep could not check this file: ${String(error)}`, vscode.DiagnosticSeverity.Warning)]);
    }
  }

  /** For the hover: what the latest check of the document found. */
  factsOf(doc: vscode.TextDocument): CheckedFacts {
    return this.facts.get(doc.uri.toString()) ?? {};
  }

  private forget(doc: vscode.TextDocument): void {
    this.facts.delete(doc.uri.toString());
    clearTimeout(this.timers.get(doc.uri.toString()));
    this.timers.delete(doc.uri.toString());
    this.latest.delete(doc.uri.toString());
    this.collection.delete(doc.uri);
  }
}

function loadedOf(data: DataSpec | undefined): LoadedData | undefined {
  return data?.source === 'table' || data?.source === 'arrays' ? data.loaded : undefined;
}

export function toVsDiagnostic(d: Diagnostic): vscode.Diagnostic {
  const range = new vscode.Range(d.line - 1, d.column - 1, d.endLine - 1, d.endColumn - 1);
  const out = new vscode.Diagnostic(range, d.message, vscode.DiagnosticSeverity.Error);
  out.code = d.code;
  out.source = 'backstep';
  return out;
}
