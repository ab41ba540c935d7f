export type { CellOutput } from './cell-output';
export { pickRichOutput, type RichOutput } from './mime';
export { OutputArea, type OutputAreaProps } from './OutputArea';
