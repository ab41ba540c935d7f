// First: starts the opening notebook's kernel before the rest of the app is evaluated.
import './ui/start-kernel-early';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerApiServiceWorker } from './client/api-relay';
import { App } from './ui/App';
import './ui/styles.css';

registerApiServiceWorker();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
