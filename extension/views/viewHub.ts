import * as vscode from 'vscode';
import type { GraphView, HostToWebview, NodeRef, WebviewToHost } from '../../engine/protocol';
import { Disposable } from '../disposable';
import { routeWebviewMessage } from './messages';
import { Pins } from './pins';
import { loadPage, type ViewKind } from './page';
import { rangeOf } from './nodeRange';
import { revealRange } from './reveal';
import type { Surface } from './surface';
import { ViewFeed, type Logger, type SessionState } from './viewFeed';
import type { SourceChange, ViewSource } from './viewSource';

const NO_SESSION = 'No Backstep debug session is running.';
const ENDED = 'The debug session has ended. Press F5 on a model file to start another.';

const DEBUG_COMMANDS: Record<Extract<WebviewToHost, { type: 'command' }>['command'], string> = {
  stepOver: 'workbench.action.debug.stepOver',
  stepIn: 'workbench.action.debug.stepInto',
  stepOut: 'workbench.action.debug.stepOut',
  stepBack: 'workbench.action.debug.stepBack',
  continue: 'workbench.action.debug.continue',
};

interface Binding {
  readonly kind: ViewKind;
  readonly feed: ViewFeed;
}

/**
 * Connects the webviews to the debug session: each attached webview gets a feed of the latest stop;
 * what one webview asks (reveal a node, select it, a tensor's values, a step) is done here.
 */
export class ViewHub extends Disposable {
  private readonly bindings = new Set<Binding>();
  private state: SessionState;
  /** The graph of the current stop, once some view asked for it (node → model-file lines). */
  private graph: GraphView | null = null;
  /** The tensors pinned in the Inspector, drawn anew at every stop. */
  private readonly pins = new Pins();
  /** The tensor "View in Backstep" just pinned: the next Inspector load scrolls to it, once. */
  private justPinned: string | null = null;

  constructor(
    private readonly source: ViewSource,
    private readonly log: Logger,
    private readonly extensionUri: vscode.Uri,
  ) {
    super();
    this.state = source.stopped ? { kind: 'stopped' } : { kind: 'idle', message: NO_SESSION };
    this.register(source.onDidChange((change) => this.onSourceChange(change)));
    this.register(source.onLandscapeProgress((p) => this.toInspectors({ type: 'landscapeProgress', done: p.done, total: p.total })));
    this.register(new vscode.Disposable(() => this.bindings.clear()));
  }

  /** Loads the page into a webview and feeds it until the webview is disposed. */
  attach(kind: ViewKind, surface: Surface): vscode.Disposable {
    const load = (): Promise<HostToWebview> => (kind === 'inspector' ? this.loadInspector() : this.loadGraph().then((graph) => ({ type: 'graph', graph })));
    const port = {
      post: (m: HostToWebview) => surface.webview.postMessage(m),
      get visible() {
        return surface.visible;
      },
    };
    const feed = new ViewFeed(port, load, this.log, this.state);
    const binding: Binding = { kind, feed };
    this.bindings.add(binding);
    const subscriptions = [
      surface.webview.onDidReceiveMessage((raw: unknown) => routeWebviewMessage(raw, this.handlers(binding), this.log, kind)),
      surface.onDidChangeVisibility(() => feed.visibilityChanged()),
    ];
    const detach = new vscode.Disposable(() => {
      this.bindings.delete(binding);
      feed.pageGone();
      for (const s of subscriptions) s.dispose();
    });
    subscriptions.push(surface.onDidDispose(() => detach.dispose()));
    feed.pageGone();
    loadPage(surface.webview, kind, this.extensionUri);
    return detach;
  }

  private handlers(binding: Binding): Parameters<typeof routeWebviewMessage>[1] {
    return {
      ready: () => binding.feed.pageReady(),
      reveal: (m) => void this.reveal({ node: m.node, layer: m.layer }, binding),
      select: (m) => this.select({ node: m.node, layer: m.layer }, binding),
      slice: (m) =>
        void this.source.tensorSlice(m.name, m.start, m.count).then(
          (slice) => binding.feed.send({ type: 'slice', requestId: m.requestId, slice }),
          (error: unknown) => binding.feed.send({ type: 'slice', requestId: m.requestId, slice: null, error: error instanceof Error ? error.message : String(error) }),
        ),
      command: (m) => void vscode.commands.executeCommand(DEBUG_COMMANDS[m.command]),
      surface: (m) => void this.surface(m, binding),
      unpin: (m) => {
        this.pins.unpin(m.expression);
        this.reloadInspectors();
      },
    };
  }

  /** "View in Backstep": pins a tensor in the Inspector; returns the one unpinned to make room, if any. */
  pin(expression: string): string | null {
    const dropped = this.pins.pin(expression);
    this.justPinned = expression;
    this.reloadInspectors();
    return dropped;
  }

  /** The loss surface's buttons: the answer goes back to the page that asked, errors as text. */
  private async surface(m: Extract<WebviewToHost, { type: 'surface' }>, binding: Binding): Promise<void> {
    try {
      if (m.ask === 'race') binding.feed.send({ type: 'surface', requestId: m.requestId, race: await this.source.race() });
      else if (m.ask === 'landscape') binding.feed.send({ type: 'surface', requestId: m.requestId, landscape: await this.source.landscape(m.size) });
      else await this.source.cancelLandscape();
    } catch (error) {
      binding.feed.send({ type: 'surface', requestId: m.requestId, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private toInspectors(message: HostToWebview): void {
    for (const b of this.bindings) if (b.kind === 'inspector') b.feed.send(message);
  }

  private reloadInspectors(): void {
    for (const b of this.bindings) if (b.kind === 'inspector') b.feed.reload();
  }

  private async loadInspector(): Promise<HostToWebview> {
    const reveal = this.justPinned;
    this.justPinned = null;
    const [view, pinned] = await Promise.all([this.source.inspector(), this.pins.load((expression) => this.source.tensorPlot(expression))]);
    return { type: 'inspector', view, pinned, ...(reveal !== null && this.pins.list.includes(reveal) ? { reveal } : {}) };
  }

  private onSourceChange(change: SourceChange): void {
    this.graph = null;
    this.state = change.kind === 'stopped' ? { kind: 'stopped' } : change.kind === 'continued' ? { kind: 'running' } : { kind: 'idle', message: ENDED };
    for (const b of this.bindings) b.feed.sessionChanged(this.state);
  }

  private async loadGraph(): Promise<GraphView> {
    const graph = await this.source.graph();
    this.graph = graph;
    return graph;
  }

  /** Shows a node's layer in the model file, and selects the node in the other views. */
  private async reveal(ref: NodeRef, from: Binding): Promise<void> {
    this.select(ref, from);
    const program = this.source.program;
    if (!program) return;
    try {
      const range = rangeOf(this.graph ?? (await this.loadGraph()), ref);
      if (range) await revealRange(program, range);
    } catch (error) {
      this.log.error(`Backstep: could not show ${ref.node} in the model file: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private select(ref: NodeRef, from: Binding): void {
    for (const b of this.bindings) if (b !== from) b.feed.send({ type: 'select', ...ref });
  }
}
