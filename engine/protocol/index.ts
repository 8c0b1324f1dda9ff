/**
 * The protocol: the single source of truth for every message between the engine's session, the
 * debug adapter and the webviews. Import it with `import type` (the validator is the one value).
 * `./numberText`, the number formatter both sides print with, is imported from its own module.
 */
export * from './location';
export * from './values';
export * from './session';
export * from './views';
export * from './webview';
