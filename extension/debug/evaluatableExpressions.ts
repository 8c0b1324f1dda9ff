import * as vscode from 'vscode';
import { wordAt } from '../language/yamlContext';

/** While stopped, hovering a name in the model file (`hidden`, `out.W`) evaluates it in the session. */
export class TensorNameHover implements vscode.EvaluatableExpressionProvider {
  provideEvaluatableExpression(doc: vscode.TextDocument, position: vscode.Position): vscode.ProviderResult<vscode.EvaluatableExpression> {
    const w = wordAt(doc.getText(), position.line, position.character);
    if (!w || !/^[A-Za-z_]/.test(w.word)) return undefined;
    return new vscode.EvaluatableExpression(new vscode.Range(position.line, w.start, position.line, w.end), w.word);
  }
}
