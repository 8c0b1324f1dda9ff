import * as vscode from 'vscode';
import type { GraphView, InspectorView, LossSurfaceView, RaceView, StopInfo, TensorPlot, TensorSlice } from '../../engine/protocol';
import { CustomEvent, type CustomRequestName, type StoppedBody } from '../dap/custom';
import { DEBUG_TYPE } from '../modelDocument';

/** What the views follow: the Backstep debug session that stopped last. */
export type SourceChange =
  | { readonly kind: 'stopped'; readonly stop: StopInfo; readonly program: string; readonly firstOfSession: boolean }
  | { readonly kind: 'continued' }
  | { readonly kind: 'ended' };

export interface ViewSource extends vscode.Disposable {
  readonly onDidChange: vscode.Event<SourceChange>;
  /** The model file of the session, while one is stopped. */
  readonly program: string | null;
  readonly stopped: boolean;
  inspector(): Promise<InspectorView>;
  graph(): Promise<GraphView>;
  tensorSlice(name: string, start: number, count: number): Promise<TensorSlice>;
  tensorPlot(expression: string): Promise<TensorPlot>;
  race(): Promise<RaceView>;
  landscape(size?: number): Promise<LossSurfaceView>;
  cancelLandscape(): Promise<unknown>;
  /** A loss landscape being computed: grid points done of all. */
  readonly onLandscapeProgress: vscode.Event<{ readonly done: number; readonly total: number }>;
}

/**
 * Follows Backstep debug sessions through the adapter's custom events, and asks the adapter for
 * views with its custom requests (`backstep.inspector`, …), so it works with the inline adapter
 * and the stdio one alike.
 */
export class DebugViewSource implements ViewSource {
  private readonly emitter = new vscode.EventEmitter<SourceChange>();
  readonly onDidChange = this.emitter.event;
  private readonly progress = new vscode.EventEmitter<{ readonly done: number; readonly total: number }>();
  readonly onLandscapeProgress = this.progress.event;
  private session: vscode.DebugSession | null = null;
  private current: { stop: StopInfo; program: string } | null = null;
  /** Sessions that have stopped at least once (by id), forgotten when they end. */
  private readonly stoppedOnce = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      this.emitter,
      this.progress,
      vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => this.onCustomEvent(e)),
      vscode.debug.onDidTerminateDebugSession((s) => {
        this.stoppedOnce.delete(s.id);
        if (s.id !== this.session?.id) return;
        this.session = null;
        this.current = null;
        this.emitter.fire({ kind: 'ended' });
      }),
    ];
  }

  get program(): string | null {
    return this.current?.program ?? null;
  }

  get stopped(): boolean {
    return this.current !== null;
  }

  private onCustomEvent(e: vscode.DebugSessionCustomEvent): void {
    if (e.session.type !== DEBUG_TYPE) return;
    if (e.event === CustomEvent.stopped) {
      const body = e.body as StoppedBody;
      const firstOfSession = !this.stoppedOnce.has(e.session.id);
      this.stoppedOnce.add(e.session.id);
      this.session = e.session;
      this.current = { stop: body.stop, program: body.program };
      this.emitter.fire({ kind: 'stopped', stop: body.stop, program: body.program, firstOfSession });
    } else if (e.event === CustomEvent.landscapeProgress && e.session.id === this.session?.id) {
      const body = e.body as { done: number; total: number };
      this.progress.fire({ done: body.done, total: body.total });
    } else if (e.event === CustomEvent.continued && e.session.id === this.session?.id) {
      this.emitter.fire({ kind: 'continued' });
    }
  }

  private async ask<T>(command: CustomRequestName, args?: object): Promise<T> {
    if (!this.session) throw new Error('no Backstep debug session is stopped');
    return (await this.session.customRequest(command, args)) as T;
  }

  inspector(): Promise<InspectorView> {
    return this.ask('backstep.inspector');
  }

  graph(): Promise<GraphView> {
    return this.ask('backstep.graph');
  }

  tensorSlice(name: string, start: number, count: number): Promise<TensorSlice> {
    return this.ask('backstep.tensorSlice', { name, start, count });
  }

  tensorPlot(expression: string): Promise<TensorPlot> {
    return this.ask('backstep.tensorPlot', { expression });
  }

  race(): Promise<RaceView> {
    return this.ask('backstep.race');
  }

  landscape(size?: number): Promise<LossSurfaceView> {
    return this.ask('backstep.landscape', size === undefined ? {} : { size });
  }

  cancelLandscape(): Promise<unknown> {
    return this.ask('backstep.cancelLandscape');
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
