import * as vscode from 'vscode';
import { checkModel } from '../../engine/model/check';
import { dataFileRefs } from '../../engine/model/files';

/**
 * "Backstep: Open Sample…": pick one of the bundled samples. With a folder open, the sample is copied
 * into `backstep-samples/` there (never over an existing file) so it can be edited freely; without
 * one, the bundled file opens as it is.
 */
export async function openSample(extensionUri: vscode.Uri, name?: string): Promise<vscode.TextEditor | undefined> {
  const folder = vscode.Uri.joinPath(extensionUri, 'samples');
  const samples = await listSamples(folder);
  if (!samples.length) {
    void vscode.window.showErrorMessage('No samples were found in this installation of Backstep.');
    return undefined;
  }
  const chosen = name ? samples.find((s) => s.file === name || s.label === name) : await vscode.window.showQuickPick(samples, { title: 'Open a Backstep sample', placeHolder: 'Each sample shows one idea: pick one and press F5', matchOnDetail: true });
  if (!chosen) return undefined;
  const source = vscode.Uri.joinPath(folder, chosen.file);
  const target = await copyIntoWorkspace(source, chosen.file);
  const doc = await vscode.workspace.openTextDocument(target ?? source);
  return vscode.window.showTextDocument(doc);
}

interface SampleItem extends vscode.QuickPickItem {
  readonly file: string;
}

async function listSamples(folder: vscode.Uri): Promise<SampleItem[]> {
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(folder);
  } catch {
    return [];
  }
  const files = entries.filter(([n, t]) => t === vscode.FileType.File && n.endsWith('.nn.yaml')).map(([n]) => n).sort();
  return Promise.all(
    files.map(async (file) => {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, file)));
      const spec = checkModel(text).spec;
      return { file, label: spec?.name ?? file.replace(/\.nn\.yaml$/, ''), detail: spec?.description.replace(/\s+/g, ' ').trim() || undefined, description: file };
    }),
  );
}

async function copyIntoWorkspace(source: vscode.Uri, file: string): Promise<vscode.Uri | undefined> {
  const root = vscode.workspace.workspaceFolders?.[0];
  if (!root || !vscode.workspace.fs.isWritableFileSystem(root.uri.scheme)) return undefined;
  const target = vscode.Uri.joinPath(root.uri, 'backstep-samples', file);
  try {
    await vscode.workspace.fs.stat(target);
    return target; // Already there (perhaps edited): open it as it is.
  } catch {
    await vscode.workspace.fs.copy(source, target, { overwrite: false });
    await copyDataFiles(source, target);
    return target;
  }
}

/** The data files a sample names (relative paths inside its folder) go beside the copy, so it runs there too. */
async function copyDataFiles(source: vscode.Uri, target: vscode.Uri): Promise<void> {
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
  for (const ref of dataFileRefs(text)) {
    if (/^([\\/]|[a-z]:)|(^|[\\/])\.\.([\\/]|$)/i.test(ref.path)) continue;
    try {
      await vscode.workspace.fs.copy(vscode.Uri.joinPath(source, '..', ref.path), vscode.Uri.joinPath(target, '..', ref.path), { overwrite: false });
    } catch {
      // Already there (perhaps edited), or missing from the sample: the diagnostics say which.
    }
  }
}
