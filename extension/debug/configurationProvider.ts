import * as vscode from 'vscode';
import { activeDebuggableDocument, DEBUG_TYPE, programOf } from '../modelDocument';

/**
 * F5 with no launch.json debugs the model file (or the recording, `.bstrace`) in the active editor;
 * a configuration without `program` gets the active one. The launch options themselves are checked by the adapter,
 * which answers with a clear error.
 */
export class BackstepConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [{ ...defaultConfiguration('${file}'), stopOnEntry: true }];
  }

  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.ProviderResult<vscode.DebugConfiguration> {
    const doc = activeDebuggableDocument();
    if (!config.type && !config.request && !config.name) {
      if (!doc) return undefined; // Not ours: VS Code asks the user which debugger to use.
      return defaultConfiguration(programOf(doc.uri));
    }
    if (!config.program) {
      if (!doc) {
        void vscode.window.showInformationMessage('Open a model file (*.nn.yaml) or a recording (*.bstrace) to debug it, or set "program" in the launch configuration.');
        return undefined;
      }
      return { ...config, program: programOf(doc.uri) };
    }
    return config;
  }
}

/** Without `stopOnEntry` the file's `debug.stop_on_entry` decides (it stops on entry unless the file says not to). */
export function defaultConfiguration(program: string, noDebug = false): vscode.DebugConfiguration {
  return { type: DEBUG_TYPE, request: 'launch', name: noDebug ? 'Run model' : 'Debug model', program };
}

/** The Run and Debug view's list offers "Debug model" for the model file in the active editor. */
export class DynamicConfigurations implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    const doc = activeDebuggableDocument();
    return doc ? [{ ...defaultConfiguration(programOf(doc.uri)), name: `Debug ${doc.uri.path.split('/').pop()}` }] : [];
  }
}
