import * as vscode from 'vscode';
import { BackstepDebugSession, type AdapterPorts } from '../debugAdapter';

/** Runs the debug adapter inside the extension host: no process to start, the engine in-process or in a worker. */
export class InlineAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly ports: AdapterPorts) {}

  createDebugAdapterDescriptor(): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    return new vscode.DebugAdapterInlineImplementation(new BackstepDebugSession(this.ports));
  }
}
