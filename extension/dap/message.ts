import type { DebugProtocol } from '@vscode/debugprotocol';

/**
 * A DAP message as it arrives (parsed JSON from a frame, or an object from VS Code's inline
 * adapter), checked before the library touches it: a request or a response the adapter can take, or
 * what is wrong with it. A broken request that still has a `seq` can be answered; anything else can
 * only be reported.
 */
export type ReadMessage =
  | { readonly kind: 'request'; readonly request: DebugProtocol.Request }
  | { readonly kind: 'response'; readonly response: DebugProtocol.Response }
  | { readonly kind: 'invalid'; readonly problem: string; readonly answer?: { readonly seq: number; readonly command: string } };

export function readMessage(value: unknown): ReadMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'invalid', problem: `a message is a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}` };
  const m = value as Partial<Record<'type' | 'seq' | 'command' | 'request_seq', unknown>>;
  if (m.type === 'response') return { kind: 'response', response: value as DebugProtocol.Response };
  if (m.type !== 'request') return { kind: 'invalid', problem: `a client sends messages of type "request" or "response", got ${typeof m.type === 'string' ? JSON.stringify(m.type.slice(0, 40)) : m.type === undefined ? 'none' : typeof m.type}` };
  if (!Number.isSafeInteger(m.seq)) return { kind: 'invalid', problem: 'a request needs `seq`, a whole number' };
  const seq = m.seq as number;
  if (typeof m.command !== 'string' || m.command === '') return { kind: 'invalid', problem: '`command` must be the name of the request', answer: { seq, command: typeof m.command === 'string' ? m.command : '' } };
  return { kind: 'request', request: value as DebugProtocol.Request };
}
