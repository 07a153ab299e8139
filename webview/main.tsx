// Webview entry point. The host serves <div id="root"> and loads this bundle with a nonce.
import { render } from 'preact';
import { App } from './App';
import { HostProvider } from './host/hostContext';
import { acquireHostApi } from './host/vscodeApi';
import { registerToolkit } from './ui/register';

registerToolkit();
const root = document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
render(
  <HostProvider api={acquireHostApi()}>
    <App view={document.body.dataset.view === 'assist' ? 'assist' : 'board'} />
  </HostProvider>,
  root,
);
