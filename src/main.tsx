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
