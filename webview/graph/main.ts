import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import { connectHost, onHostMessage } from '../shared/host';
import { GraphApp, type GraphState } from './graphApp';

const host = connectHost<GraphState>();
const app = new GraphApp(document.getElementById('app') ?? document.body, host);
onHostMessage(
  (message) => app.receive(message),
  (error) => console.error('Backstep Graph: could not show a message', error),
);
host.post({ type: 'ready', view: 'graph' });
