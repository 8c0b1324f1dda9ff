import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXCEPTION_FILTERS, switchDoc } from '../../engine/model/catalog/exceptionFilters';

/**
 * The manifest (package.json) against the code: every command the extension registers is contributed,
 * every file it names exists, and the VS Code version matches the one the extension is typed against
 * and tested in (code-server 4.100.3 = VS Code 1.100).
 */
const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const source = (file: string) => readFileSync(join(root, 'extension', file), 'utf8');

describe('extension manifest', () => {
  it('publisher, entry point and VS Code version', () => {
    assert.equal(pkg.publisher, 'backstep');
    assert.equal(pkg.main, './dist/extension.js');
    assert.equal(pkg.engines.vscode, '^1.100.0');
    const typed = JSON.parse(readFileSync(join(root, 'node_modules/@types/vscode/package.json'), 'utf8')).version as string;
    assert.match(typed, /^1\.100\./, '@types/vscode must not be newer than engines.vscode');
  });

  it('every command registered in extension.ts is contributed, and no other', () => {
    const registered = [...source('extension.ts').matchAll(/this\.command\('([\w.]+)'/g)].map((m) => m[1]).sort();
    const contributed = (pkg.contributes.commands as { command: string }[]).map((c) => c.command).sort();
    assert.deepEqual(registered, contributed);
  });

  it('the debugger: type backstep, model files and recordings, a launch schema requiring program', () => {
    const [dbg] = pkg.contributes.debuggers;
    assert.equal(dbg.type, 'backstep');
    assert.deepEqual(dbg.languages, ['backstep-model', 'backstep-recording']);
    const recording = (pkg.contributes.languages as { id: string; extensions: string[] }[]).find((l) => l.id === 'backstep-recording');
    assert.deepEqual(recording?.extensions, ['.bstrace']);
    assert.deepEqual(dbg.configurationAttributes.launch.required, ['program']);
    assert.equal(dbg.initialConfigurations[0].program, '${file}');
    assert.deepEqual(pkg.contributes.breakpoints, [{ language: 'backstep-model' }]);
  });

  it('the launch option breakOn: the filters of the engine\'s table, with its descriptions, defaults and bounds', () => {
    const breakOn = pkg.contributes.debuggers[0].configurationAttributes.launch.properties.breakOn.properties;
    assert.deepEqual(
      Object.keys(breakOn),
      EXCEPTION_FILTERS.map((f) => f.filter),
    );
    for (const f of EXCEPTION_FILTERS) {
      assert.equal(breakOn[f.filter].description, switchDoc(f), `breakOn.${f.filter}: the description (and its default threshold) as the table says`);
      const threshold = f.threshold ? [{ type: 'boolean' }, { type: 'number', exclusiveMinimum: f.threshold.min, ...(f.threshold.max !== undefined ? { maximum: f.threshold.max } : {}) }] : undefined;
      if (threshold) assert.deepEqual(breakOn[f.filter].anyOf, threshold, `breakOn.${f.filter}: true, false or a threshold within the table's bounds`);
      else assert.equal(breakOn[f.filter].type, 'boolean', `breakOn.${f.filter}`);
    }
  });

  it('the language of *.nn.yaml, with files that exist', () => {
    const [lang] = pkg.contributes.languages;
    assert.equal(lang.id, 'backstep-model');
    assert.ok(lang.extensions.includes('.nn.yaml'));
    for (const file of [lang.configuration, pkg.contributes.grammars[0].path, pkg.contributes.yamlValidation[0].url, pkg.contributes.jsonValidation[0].url]) {
      assert.ok(existsSync(join(root, file)), `${file} exists`);
    }
    JSON.parse(readFileSync(join(root, lang.configuration), 'utf8'));
  });

  it('walkthrough steps point at markdown that exists and commands that are contributed', () => {
    const commands = new Set((pkg.contributes.commands as { command: string }[]).map((c) => c.command));
    for (const step of pkg.contributes.walkthroughs[0].steps) {
      assert.ok(existsSync(join(root, step.media.markdown)), step.media.markdown);
      for (const m of (step.description as string).matchAll(/\(command:([\w.]+)(?:\?([^)]*))?\)/g)) {
        assert.ok(commands.has(m[1]), m[1]);
        // A link that opens a named sample names one that ships.
        if (m[1] === 'backstep.openSample' && m[2]) assert.ok(existsSync(join(root, 'samples', (JSON.parse(decodeURIComponent(m[2])) as string[])[0])), m[2]);
      }
    }
  });

  it('the walkthrough ends with "Use your own data", opening the digits sample', () => {
    const steps = pkg.contributes.walkthroughs[0].steps as { id: string; title: string; description: string }[];
    const own = steps[steps.length - 1];
    assert.deepEqual([own.id, own.title], ['ownData', 'Use your own data']);
    assert.match(own.description, /command:backstep\.openSample\?%5B%22digits-mlp\.nn\.yaml%22%5D/);
  });

  it('activation only when needed, and safe in untrusted and virtual workspaces', () => {
    assert.ok(!pkg.activationEvents.includes('*'));
    assert.ok(pkg.activationEvents.includes('onLanguage:backstep-model'));
    assert.ok(pkg.activationEvents.includes('onDebugResolve:backstep'));
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces, { supported: true });
    assert.equal(pkg.capabilities.virtualWorkspaces, true);
  });

  it('"View in Backstep" is on the Variables and Watch context menus of Backstep sessions only, and not in the command palette', () => {
    const command = (pkg.contributes.commands as { command: string; title: string }[]).find((c) => c.command === 'backstep.viewInBackstep');
    assert.equal(command?.title, 'View in Backstep');
    for (const menu of ['debug/variables/context', 'debug/watch/context']) {
      const items = (pkg.contributes.menus[menu] ?? []) as { command: string; when?: string }[];
      assert.deepEqual(
        items.map((i) => [i.command, i.when]),
        [['backstep.viewInBackstep', "debugType == 'backstep'"]],
        menu,
      );
    }
    assert.ok((pkg.contributes.menus.commandPalette as { command: string; when: string }[]).some((i) => i.command === 'backstep.viewInBackstep' && i.when === 'false'), 'it needs a row to act on');
  });

  it('"Save Weights…" is in the command palette during a Backstep session only', () => {
    const command = (pkg.contributes.commands as { command: string; title: string; category: string }[]).find((c) => c.command === 'backstep.saveWeights');
    assert.deepEqual([command?.category, command?.title], ['Backstep', 'Save Weights…']);
    const palette = pkg.contributes.menus.commandPalette as { command: string; when: string }[];
    assert.equal(palette.find((i) => i.command === 'backstep.saveWeights')?.when, "debugType == 'backstep' && inDebugMode");
  });

  it('the Inspector view that the views hook provides is contributed, at home in its own panel container', () => {
    const [container] = pkg.contributes.viewsContainers.panel as { id: string; title: string; icon: string }[];
    assert.deepEqual(Object.keys(pkg.contributes.viewsContainers), ['panel']);
    assert.match(container.id, /^[a-z0-9_-]+$/i, 'VS Code accepts only these characters in a container id');
    assert.match(container.icon, /^\$\([a-z-]+\)$/, 'a product icon, so no image file has to ship');
    assert.deepEqual(Object.keys(pkg.contributes.views), [container.id]);
    const [view] = pkg.contributes.views[container.id] as { type: string; id: string; name: string; contextualTitle: string }[];
    assert.deepEqual([view.type, view.id], ['webview', 'backstep.inspector']);
    // The panel's tab shows the container's title; moved elsewhere, the view is titled `contextualTitle: name`.
    assert.equal(`${view.contextualTitle} ${view.name}`, container.title);
    assert.match(source('views/createViews.ts'), /INSPECTOR_VIEW = 'backstep\.inspector'/);
  });
});
