/**
 * Imported before elkjs in the layout worker. Finding no `document`, elkjs's code takes itself for a
 * worker of its own and answers the worker's messages instead of giving its in-thread `ELK`; with a
 * stand-in `document` it gives the `ELK` that ./layoutWorker.ts calls.
 */
const scope = self as unknown as { document?: unknown };
scope.document ??= {};
