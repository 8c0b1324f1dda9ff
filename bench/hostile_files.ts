/**
 * The hostile model files of issue #13, as text: each one once crashed, hung or ate memory in
 * `backstep check`. The benchmark times them; the model tests check the located error each gives.
 */
export interface HostileFile {
  readonly name: string;
  readonly text: () => string;
}

const MODEL = 'data: { task: xor }\nmodel:\n  - linear: { out: 1 }\nloss: mse\n';

export const HOSTILE_FILES: readonly HostileFile[] = [
  { name: 'key toString', text: () => 'data:\ntoString: 1\n' },
  { name: 'layer named constructor', text: () => 'data: { task: xor }\nmodel:\n  - linear: { out: 4, name: constructor }\n  - tanh: { name: toString }\n  - linear: { out: 1, name: __proto__ }\nloss: mse\n' },
  { name: '10,000-deep block list', text: () => `data: { task: xor }\nmodel:\n  ${'- '.repeat(10_000)}tanh\n` },
  { name: '1,000-deep brackets', text: () => `data: { task: xor }\nmodel: ${'['.repeat(1000)}tanh${']'.repeat(1000)}\n` },
  { name: '5 MB of inline tensors', text: () => `data:\n  tensors:\n    x: [${Array.from({ length: 210_000 }, (_, i) => `[${i % 7}, ${(i * 0.37) % 1}]`).join(', ')}]\n${MODEL.slice(MODEL.indexOf('model'))}` },
  { name: '520k lines of - tanh', text: () => `data: { task: xor }\nmodel:\n${'  - tanh\n'.repeat(520_000)}loss: mse\n` },
  { name: 'chain of 5,000 aliases', text: () => `${MODEL}x:\n  a0: &a0 [1]\n${Array.from({ length: 5000 }, (_, i) => `  a${i + 1}: &a${i + 1} [*a${i}]\n`).join('')}` },
  { name: 'CR line ends', text: () => MODEL.replace(/\n/g, '\r') },
  { name: 'UTF-16', text: () => Buffer.from(`\uFEFF${MODEL}`, 'utf16le').toString('utf8') },
];
