/**
 * The nbformat-shaped output type lives with the notebook model (`ui → notebook`, never the other
 * way); re-exported here so the renderers and their callers have one import site.
 */
export type { CellOutput } from '@/notebook/nbformat';
