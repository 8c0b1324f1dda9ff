import * as vscode from 'vscode';

/** "Debug model" and "Run model" above the first line of a model file. */
export class ModelCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const line = firstContentLine(doc);
    const range = new vscode.Range(line, 0, line, 0);
    return [
      new vscode.CodeLens(range, { title: '$(debug-alt) Debug model', command: 'backstep.debugModel', arguments: [doc.uri], tooltip: 'Start debugging this model, stopped at its first op (F5)' }),
      new vscode.CodeLens(range, { title: '$(play) Run model', command: 'backstep.runModel', arguments: [doc.uri], tooltip: 'Train this model to the end without stopping (Ctrl+F5)' }),
    ];
  }
}

/** The first line that is not a comment or blank: the lenses stand above the model, not its header comment. */
function firstContentLine(doc: vscode.TextDocument): number {
  for (let i = 0; i < doc.lineCount; i++) {
    const text = doc.lineAt(i).text.trim();
    if (text && !text.startsWith('#')) return i;
  }
  return 0;
}
