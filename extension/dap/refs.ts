/**
 * DAP names expandable values with integers; the session names them with opaque strings that hold
 * only while it is stopped. Ids are never reused, so a stale id from an earlier stop is recognised
 * as stale instead of silently pointing at some other value.
 */
export class RefTable {
  private readonly byId = new Map<number, string>();
  private readonly byRef = new Map<string, number>();
  private next = 1;

  /** 0 (DAP's "no children") for a leaf. */
  idOf(ref: string | null): number {
    if (ref === null) return 0;
    let id = this.byRef.get(ref);
    if (id === undefined) {
      id = this.next++;
      this.byRef.set(ref, id);
      this.byId.set(id, ref);
    }
    return id;
  }

  refOf(id: number): string | undefined {
    return this.byId.get(id);
  }

  /** Called whenever the session moves: every earlier reference becomes stale. */
  clear(): void {
    this.byId.clear();
    this.byRef.clear();
  }
}
