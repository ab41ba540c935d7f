/**
 * Imported first by main.tsx, so it runs before React and the editor are even evaluated: the
 * notebook being opened gets its kernel started now, and useNotebookSession takes it over.
 */
import { prewarmKernel } from '@/client/kernel-prewarm';
import { kernelOptionsFor } from './notebook/kernel-options';
import { initialPath, SETTINGS } from './route';

const path = initialPath();
if (path && path !== SETTINGS && typeof Worker !== 'undefined')
  prewarmKernel(kernelOptionsFor(path));
