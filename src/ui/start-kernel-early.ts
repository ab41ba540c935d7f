/**
 * Imported first by main.tsx, so it runs before React and the editor are even evaluated: the
 * notebook being opened gets its kernel started now, and useNotebookSession takes it over.
 */
import { prewarmKernel } from '@/client/kernel-prewarm';
import { kernelOptionsFor } from './notebook/kernel-options';
import { initialPath, isAppPage } from './route';

// A worker keeps the service worker controller it was created under. On a first visit the page
// is not controlled yet, so the kernel waits for that (useNotebookSession) rather than starting
// here without the notebook web API; every later visit is controlled from the start.
const controlled = !('serviceWorker' in navigator) || navigator.serviceWorker.controller !== null;
const path = initialPath();
if (path && !isAppPage(path) && typeof Worker !== 'undefined' && controlled)
  prewarmKernel(kernelOptionsFor(path));
