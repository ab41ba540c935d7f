/**
 * The data library: files → typed tables → tensor-ready matrices. Pure TypeScript, no tfjs,
 * no DOM, so it runs in the kernel worker and in Node tests alike. Everything it returns is
 * plain data that can cross postMessage.
 */

export type { TextInNumbers } from './builder';
export type { CsvOptions, CsvResult, LineEnding, Progress, ProgressCallback } from './csv';
export { detectLineEnding, parseDelimited } from './csv';
export type { Identity, Validation } from './dataset-check';
export { assertDataset, identify, validate } from './dataset-check';
export type { DateOrder, DateReading, DateSummary, ReadDatesOptions } from './dates';
export { readDates, sortByDate } from './dates';
export type { Decoded } from './decode';
export { decodeText, gunzip, isGzip } from './decode';
export type { Matrix } from './encode';
export { dropMissing, oneHot, toMatrix, toVector } from './encode';
export type { DataErrorKind } from './errors';
export { DataError, isDataError } from './errors';
export type { HeaderChoice } from './header';
export { detectHeader, makeColumnNames } from './header';
export type { IdxArray } from './idx';
export { parseIdx, readIdx } from './idx';
export { parseNumber } from './numbers';
export type { Detected, FileFormat, ParseOptions, ParseResult } from './parse';
export { checkSize, DEFAULT_MAX_BYTES, parseFile } from './parse';
export { drawWithReplacement, mulberry32, permutation } from './random';
export type { DatasetEntry, DatasetFile } from './registry';
export { DATASETS, dataset, STYLE_TRANSFER_IMAGES, VGG19, VGG19_KERAS } from './registry';
export type { FitOptions, Scaler } from './scale';
export { applyScaler, fitMinMax, fitStandard, minMaxScale, standardScale } from './scale';
export { sha256Hex } from './sha256';
export type { Fractions, SplitOptions, SplitSizes } from './split';
export { oversample, shuffle, splitByFractions, splitSizes, undersample } from './split';
export type { ClassBalance, ColumnStats, TableDescription } from './stats';
export {
  classBalance,
  columnStats,
  describe,
  describeView,
  moments,
  outlierShare,
  outlierShares,
} from './stats';
export type { Column, NumberColumn, Row, StringColumn, Table, Value } from './table';
export {
  column,
  columnNames,
  concatRows,
  drop,
  filter,
  head,
  makeTable,
  numberColumn,
  numericColumn,
  rowAt,
  select,
  slice,
  take,
  valueAt,
  withColumn,
} from './table';
export type { WorkbookFormat, WorkbookOptions } from './xlsx';
