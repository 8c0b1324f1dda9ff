import { DataFileError } from './problem';

// The engine's lib has no DOM or Node types; TextDecoder is in every host it runs in (Node, workers, browsers).
declare const TextDecoder: new (label: string, options: { fatal: boolean; ignoreBOM?: boolean }) => { decode(input: Uint8Array): string };

/**
 * The bytes as UTF-8 text (a leading byte-order mark dropped), or a DataFileError at the first bad
 * byte's line — and, for plain text (`columns: true`), its column in characters (a table's columns are its fields).
 */
export function utf8Text(bytes: Uint8Array, columns = false): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstBadByte(bytes);
    let line = 1;
    let column = 1;
    for (let i = 0; i < bad; i++) {
      if (bytes[i] === 0x0a) [line, column] = [line + 1, 1];
      else if (bytes[i] >> 6 !== 0b10) column++;
    }
    throw new DataFileError(`the file is not UTF-8 text (byte ${bad + 1}); save it as UTF-8`, columns ? { line, column: { index: column } } : { line });
  }
}

/** Offset of the first byte that does not continue a valid UTF-8 sequence (a close approximation for the message). */
function firstBadByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const n = b < 0x80 ? 0 : b >> 5 === 0b110 ? 1 : b >> 4 === 0b1110 ? 2 : b >> 3 === 0b11110 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= bytes.length || bytes[i + k] >> 6 !== 0b10) return i;
    i += n + 1;
  }
  return bytes.length;
}
