import type * as vscode from 'vscode';

/**
 * Every resource has an owner: listeners, providers and panels are registered on the object that
 * created them and disposed with it, newest first.
 */
export abstract class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private disposed = false;

  protected register<T extends vscode.Disposable>(resource: T): T {
    if (this.disposed) resource.dispose();
    else this.owned.push(resource);
    return resource;
  }

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    while (this.owned.length) {
      try {
        this.owned.pop()!.dispose();
      } catch {
        // One failing resource must not keep the others alive.
      }
    }
  }
}
