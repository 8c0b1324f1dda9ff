/** Text with a `|` cursor marker → the text without it and the cursor's 0-based line and column. */
export function atCursor(marked: string): { text: string; line: number; character: number } {
  const at = marked.indexOf('|');
  const before = marked.slice(0, at).split('\n');
  return { text: marked.slice(0, at) + marked.slice(at + 1), line: before.length - 1, character: before[before.length - 1].length };
}
