// Mocha hooks: one VS Code per `describe`, a screenshot of every failed test, everything closed after.
import { slug } from './artifacts';
import { launchVSCode, type LaunchOptions, type VSCode } from './session';

/**
 * Call inside `describe`. Starts VS Code before the suite's tests and closes it after them; returns a
 * getter for the running VS Code. `options` may be a function, evaluated when the suite starts.
 */
export function useVSCode(options: LaunchOptions | (() => LaunchOptions | Promise<LaunchOptions>)): () => VSCode {
  let vscode: VSCode | undefined;
  before(async function () {
    this.timeout(240_000);
    vscode = await launchVSCode(typeof options === 'function' ? await options() : options);
  });
  afterEach(async function () {
    const test = this.currentTest;
    if (vscode && test?.state === 'failed') await vscode.screenshot(`failed-${slug(test.title)}`).catch(() => undefined);
  });
  after(async function () {
    this.timeout(60_000);
    await vscode?.close();
  });
  return () => {
    if (!vscode) throw new Error('VS Code is not running: use the getter inside a test, after `before` ran');
    return vscode;
  };
}
