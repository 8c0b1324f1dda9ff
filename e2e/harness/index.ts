// The end-to-end harness: everything a test needs to drive a real VS Code (code-server) in Chromium.
export { launchVSCode, type LaunchOptions, type VSCode } from './session';
export { useVSCode } from './mocha';
export { startCodeServer, type CodeServer, type CodeServerOptions } from './code-server';
export { installExtension, type ExtensionSource } from './extensions';
export { openBrowserPage } from './browser';
export { makeTempWorkspace, launchJson, type TempWorkspace } from './workspace';
export {
  waitForWorkbench,
  waitForElement,
  waitForText,
  pressKeys,
  runCommand,
  pickQuickItem,
  goToLine,
  quickOpen,
  openFromExplorer,
  waitForActiveTab,
  textEditor,
  editorText,
  cursorPosition,
  notificationMessages,
} from './workbench';
export {
  readCallStack,
  waitForTopFrame,
  callStackState,
  readVariables,
  waitForVariable,
  toggleVariable,
  decoratedLines,
  stoppedLines,
  breakpointLines,
  toggleBreakpoint,
  evaluateInDebugConsole,
  extensionDecoratedLines,
  type StackFrameRow,
  type VariableRow,
} from './debug-views';
export {
  showBreakpointsView,
  readExceptionBreakpoints,
  exceptionBreakpointRow,
  setExceptionBreakpoint,
  editExceptionCondition,
  exceptionBreakpointHover,
  type ExceptionBreakpointRow,
} from './breakpoints-view';
export { readProblems, waitForProblems, type Problem } from './problems';
export { webviewFrame, inWebview } from './webview';
export { saveScreenshot, slug } from './artifacts';
export { releaseAll } from './cleanup';
export { groupAlive } from './process-group';
export { REPO_ROOT, E2E_DIR, ARTIFACTS_ROOT } from './paths';
