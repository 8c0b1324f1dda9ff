import * as vscode from 'vscode';

/** The language of model files (`*.nn.yaml`), as contributed in package.json. */
export const MODEL_LANGUAGE = 'backstep-model';

export const DEBUG_TYPE = 'backstep';

/** Model files: the language, or a `.nn.yaml` / `.nn.yml` / `.nn.json` name in any language mode. */
export function isModelDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === MODEL_LANGUAGE || /\.nn\.(ya?ml|json)$/i.test(doc.uri.path);
}

/** What `program` holds for a file: a path on disk, or the full URI in a remote or virtual workspace. */
export function programOf(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}

/** The inverse of `programOf`. */
export function uriOf(program: string): vscode.Uri {
  return /^[a-zA-Z][\w+.-]+:\/\//.test(program) ? vscode.Uri.parse(program) : vscode.Uri.file(program);
}

export function activeModelDocument(): vscode.TextDocument | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc && isModelDocument(doc) ? doc : undefined;
}

/** A recording's index (`run.bstrace`, python/backstep_torch): debugged as a replay, not edited as a model. */
export function isRecordingDocument(doc: vscode.TextDocument): boolean {
  return /\.bstrace$/i.test(doc.uri.path);
}

/** The file F5 debugs: the active model file, or the active recording. */
export function activeDebuggableDocument(): vscode.TextDocument | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc && (isModelDocument(doc) || isRecordingDocument(doc)) ? doc : undefined;
}
