import * as vscode from 'vscode';
import { BackstepDebugSession, type AdapterPorts } from '../debugAdapter';

/**
 * Runs the debug adapter inside the extension host: no process to start, the engine in-process or in
 * a worker. The session's launch configuration is known here before DAP's `initialize`: the adapter
 * gets it, so that the exception filters it offers are those the model file switches on.
 */
export class InlineAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly ports: AdapterPorts) {}

  createDebugAdapterDescriptor(session: vscode.DebugSession): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    return new vscode.DebugAdapterInlineImplementation(new BackstepDebugSession(this.ports, session.configuration));
  }
}
