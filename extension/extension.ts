import * as vscode from 'vscode';
import { openRecording } from './commands/openRecording';
import { openSample } from './commands/openSample';
import { saveWeights } from './commands/saveWeights';
import { viewInBackstep } from './commands/viewInBackstep';
import { startModel } from './commands/debugModel';
import { debugOnnx, OnnxOffer } from './commands/debugOnnx';
import type { AdapterPorts } from './debugAdapter';
import { BackstepConfigurationProvider, DynamicConfigurations } from './debug/configurationProvider';
import { CurrentLayerHighlight } from './debug/currentLayer';
import { TensorNameHover } from './debug/evaluatableExpressions';
import { InlineAdapterFactory } from './debug/inlineAdapter';
import { Disposable } from './disposable';
import { ModelCodeLens } from './editor/codeLens';
import { ModelDiagnostics } from './editor/diagnostics';
import { ModelCompletion, ModelHover } from './editor/languageProviders';
import { createEngineSession } from './engineSession';
import { DEBUG_TYPE, MODEL_LANGUAGE } from './modelDocument';
import { createViews } from './views';
import { workspaceFileReader } from './workspaceFileReader';

/**
 * Activation: wires the VS Code side together. Everything here is registration; the work is done by
 * the debug adapter (translation), the engine (models and stepping) and the small editor features.
 * Activation is cheap: nothing is read or computed until a model file is opened or a session starts.
 */
class BackstepExtension extends Disposable {
  constructor(context: vscode.ExtensionContext) {
    super();
    const ports: AdapterPorts = { files: workspaceFileReader, createSession: createEngineSession };
    const models: vscode.DocumentSelector = [{ language: MODEL_LANGUAGE }, { pattern: '**/*.nn.json' }];
    this.register(vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new InlineAdapterFactory(ports)));
    this.register(vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new BackstepConfigurationProvider()));
    this.register(vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new DynamicConfigurations(), vscode.DebugConfigurationProviderTriggerKind.Dynamic));
    this.register(vscode.languages.registerEvaluatableExpressionProvider(models, new TensorNameHover()));
    this.register(vscode.languages.registerCompletionItemProvider(models, new ModelCompletion(), ':', ' ', '-', '{', ','));
    const diagnostics = this.register(new ModelDiagnostics());
    this.register(vscode.languages.registerHoverProvider(models, new ModelHover((doc) => diagnostics.factsOf(doc))));
    this.register(vscode.languages.registerCodeLensProvider(models, new ModelCodeLens()));
    this.register(new CurrentLayerHighlight());
    const views = this.register(createViews(context));
    this.command('backstep.debugModel', (uri?: vscode.Uri) => startModel(uri, false));
    this.command('backstep.runModel', (uri?: vscode.Uri) => startModel(uri, true));
    this.command('backstep.openSample', (name?: string) => openSample(context.extensionUri, typeof name === 'string' ? name : undefined));
    this.command('backstep.openRecording', (uri?: vscode.Uri) => openRecording(uri instanceof vscode.Uri ? uri : undefined));
    this.command('backstep.showGraph', () => views.showGraph());
    this.command('backstep.showInspector', () => views.showInspector());
    this.command('backstep.viewInBackstep', (arg?: unknown) => viewInBackstep(views, arg));
    this.command('backstep.saveWeights', () => saveWeights());
    this.command('backstep.debugOnnx', (uri?: vscode.Uri) => debugOnnx(uri));
    this.register(new OnnxOffer());
  }

  private command(id: string, run: (...args: never[]) => unknown): void {
    this.register(vscode.commands.registerCommand(id, run));
  }
}

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(new BackstepExtension(context));
}

export function deactivate(): void {
  // Everything is owned by the BackstepExtension in context.subscriptions.
}
