import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './support';

const root = join(__dirname, '..', '..', '..');
const sample = (name: string) => join(root, 'samples', `${name}.nn.yaml`);

describe('backstep (the command line)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'backstep-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('check', () => {
    it('prints file:line:col: code message for every problem and exits 1', () => {
      const file = join(dir, 'broken.nn.yaml');
      writeFileSync(file, ['data: { task: xor }', 'model:', '  - linear: { name: out, out: 1, bais: false }', '  - tanhh', 'loss: mse', ''].join('\n'));
      const { code, out } = cli(['check', file]);
      assert.equal(code, 1);
      const lines = out.trim().split('\n');
      assert.equal(lines.length, 2);
      assert.match(lines[0], new RegExp(`^${file.replace(/[.\\/]/g, '\\$&')}:3:34: E_UNKNOWN_KEY .*did you mean "bias"\\?`));
      assert.match(lines[1], /:4:5: E_UNKNOWN_KIND /);
    });

    it('says ok and exits 0 for a good file', () => {
      const { code, out } = cli(['check', sample('mlp-xor')]);
      assert.equal(code, 0);
      assert.match(out, /mlp-xor\.nn\.yaml: ok — 4 layers, 17 parameters, 300 steps/);
    });

    it('exits 2 with a message when the file cannot be read', () => {
      const { code, err } = cli(['check', join(dir, 'missing.yaml')]);
      assert.equal(code, 2);
      assert.match(err, /cannot read .*missing\.yaml: no such file/);
    });
  });

  describe('run', () => {
    it('trains the XOR MLP to a low loss and full accuracy, printing plain progress lines off a terminal', () => {
      const { code, out } = cli(['run', sample('mlp-xor')]);
      assert.equal(code, 0);
      const progress = out.split('\n').filter((l) => l.startsWith('step '));
      assert.equal(progress.length, 11);
      assert.match(progress.at(-1)!, /^step 300\/300 {2}loss /);
      const loss = Number(/^loss +([\d.e-]+) \(all 4 examples/m.exec(out)?.[1]);
      assert.ok(loss < 0.05, `final loss ${loss}`);
      assert.match(out, /^accuracy +100\.0% \(4\/4\)$/m);
      assert.match(out, /^time\/step +[\d.e-]+ ms \(300 steps in [\d.]+ s\)$/m);
    });

    it('prints the validation loss and accuracy every `every` steps and at the last one, between the progress lines', () => {
      const file = join(dir, 'validated.nn.yaml');
      const text = ['name: v', 'seed: 3', 'data:', '  task: { blobs: { points: 40, spread: 1.2 } }', '  validation: { fraction: 0.25, every: 8 }', 'model:', '  - linear: { out: 3 }', 'loss: cross_entropy', 'training: { optimizer: adam, lr: 0.05, batch_size: 6, steps: 20 }', ''];
      writeFileSync(file, text.join('\n'));
      const { code, out } = cli(['run', file]);
      assert.equal(code, 0);
      assert.match(out, /^validation: every 8 steps on 10 held-out examples \(training draws from the other 30\)$/m);
      const lines = out.split('\n').filter((l) => l.startsWith('validation '));
      assert.deepEqual(lines.map((l) => Number(/^validation step (\d+): /.exec(l)?.[1])), [8, 16, 20]);
      for (const l of lines) assert.match(l, /^validation step \d+: loss [\d.e-]+, accuracy [\d.]+% \(\d+\/10\), 10 held-out examples$/);
      assert.match(out, /^loss +[\d.e-]+ \(all 30 examples/m, 'the final loss is over the examples left for training');
      const tty = cli(['run', file], true).out;
      assert.match(tty, /\r\x1b\[Kvalidation step 8: loss /, 'on a terminal the line replaces the bar, which is drawn again below it');
    });

    it('draws one progress bar in place on a terminal; --steps shortens the run', () => {
      const { code, out } = cli(['run', sample('mlp-xor'), '--steps', '20'], true);
      assert.equal(code, 0);
      assert.equal(out.split('\r').length, 21);
      assert.match(out, /\r\[#+\] 20\/20 {2}loss [\d.]+ {2}lr 0\.5\n/);
    });

    it('reports the mean loss of the last steps for an embedding model', () => {
      const { code, out } = cli(['run', sample('word2vec-skipgram'), '--steps', '30']);
      assert.equal(code, 0);
      assert.match(out, /^loss +[\d.]+ \(mean of the last 30 steps\)$/m);
      assert.doesNotMatch(out, /accuracy/);
    });

    it('prints the diagnostics of a broken file to stderr and exits 1, without training', () => {
      const file = join(dir, 'bad-shape.nn.yaml');
      writeFileSync(file, ['data: { task: xor }', 'model:', '  - linear: { name: out, out: 2 }', 'loss: bce', ''].join('\n'));
      const { code, out, err } = cli(['run', file]);
      assert.equal(code, 1);
      assert.equal(out, '');
      assert.match(err, /:4:7: E_SHAPE loss `bce`/);
    });

    it('reports an error found while building at the layer\'s line, and exits 1', () => {
      const file = join(dir, 'rare.nn.yaml');
      writeFileSync(file, ['data: { task: corpus }', 'model:', '  - word2vec: { name: w2v, min_count: 1000 }', 'training: { steps: 3 }', ''].join('\n'));
      const { code, out, err } = cli(['run', file]);
      assert.equal(code, 1);
      assert.equal(out, '');
      assert.match(err.trim(), /^.*rare\.nn\.yaml:3:5: E_ARGUMENT layer "w2v": no word occurs at least 1000 times/);
    });

    it('rejects bad options with usage and exit code 2', () => {
      assert.equal(cli(['run', sample('mlp-xor'), '--steps', 'many']).code, 2);
      assert.equal(cli(['run']).code, 2);
      assert.equal(cli(['fly', sample('mlp-xor')]).code, 2);
      const { code, err } = cli(['check', sample('mlp-xor'), '--out', 'x']);
      assert.equal(code, 2);
      assert.match(err, /`check` takes no option --out/);
    });
  });

  describe('trace', () => {
    it('writes every event of N steps as JSON: names, ops, phases, shapes and statistics, loss and lr', () => {
      const out = join(dir, 'trace.json');
      const r = cli(['trace', sample('mlp-xor'), '--steps', '2', '--out', out]);
      assert.equal(r.code, 0);
      assert.match(r.out, /wrote .*trace\.json: 2 steps, 36 events, [\d.]+ KiB/);
      const trace = JSON.parse(readFileSync(out, 'utf8'));
      assert.equal(trace.format, 'backstep-trace');
      assert.equal(trace.steps.length, 2);
      const [step] = trace.steps;
      assert.equal(step.lr, 0.5);
      assert.ok(step.loss > 0.5 && step.loss < 1);
      const first = step.events[0];
      assert.deepEqual([first.phase, first.name, first.op, first.layer, first.line], ['forward', 'hidden/xW', 'matmul', 'hidden', 23]);
      assert.deepEqual(first.outputs[0].shape, [4, 4]);
      const back = step.events.find((e: { phase: string }) => e.phase === 'backward');
      assert.equal(back.name, 'loss/bce');
      assert.deepEqual(back.gradients[0].shape, [4, 1]);
      const update = step.events.at(-1);
      assert.equal(update.kind, 'param');
      assert.equal(update.name, 'out.b');
      assert.ok(update.update.before && update.update.after && update.outputGradients[0]);
    });

    it('needs --steps', () => {
      assert.equal(cli(['trace', sample('mlp-xor')]).code, 2);
    });
  });

  describe('dist/cli.js, bundled with esbuild', () => {
    it('builds with `node build.mjs cli` and runs check as an executable', function () {
      this.timeout(30000);
      const build = spawnSync(process.execPath, ['build.mjs', 'cli'], { cwd: root, encoding: 'utf8' });
      assert.equal(build.status, 0, build.stderr);
      const bundle = readFileSync(join(root, 'dist/cli.js'), 'utf8');
      assert.ok(bundle.startsWith('#!/usr/bin/env node\n'));
      const ok = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'check', sample('lstm-memory')], { encoding: 'utf8' });
      assert.equal(ok.status, 0, ok.stderr);
      assert.match(ok.stdout, /lstm-memory\.nn\.yaml: ok/);
      const missing = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'run', join(dir, 'nope.yaml')], { encoding: 'utf8' });
      assert.equal(missing.status, 2);
      assert.equal(missing.stdout, '');
    });

    it('ends quietly when the reader of its output stops early (`backstep run … | head -2`)', function () {
      this.timeout(60_000);
      const piped = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${join(root, 'dist/cli.js')}" run "${sample('mlp-xor')}" --steps 2000 | head -2`], { encoding: 'utf8' });
      assert.equal(piped.stdout.split('\n').filter(Boolean).length, 2);
      assert.doesNotMatch(piped.stderr, /EPIPE|Unhandled/);
    });
  });
});
