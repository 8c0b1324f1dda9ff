import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { connectHost, onHostMessage } from '../shared/host';
import { InspectorApp, type InspectorState } from './inspectorApp';

const host = connectHost<InspectorState>();
const root = document.getElementById('app') ?? document.body;
const app = new InspectorApp(root, host);
onHostMessage(
  (message) => app.receive(message),
  (error) => app.showFailure(error),
);
host.post({ type: 'ready', view: 'inspector' });
