import * as tf from '@tensorflow/tfjs';
import type { MimeBundle, TableView } from '@/protocol';
import { isTable, previewOf, previewText } from './lib/data-preview';
import { inspect } from './lib/inspect';
import { modelSummary } from './lib/model-summary';
import { tensorView } from './lib/tensor-view';
import { post } from './post';
import { currentRun } from './run-context';
import { flushStreams } from './streams';

/** Marks a value that already is a MIME bundle (tables, figures, images). */
export class Rich {
  constructor(readonly bundle: MimeBundle) {}
}

export function isLayersModel(value: unknown): value is tf.LayersModel {
  return value instanceof tf.LayersModel;
}

/** The rich form of a value, or null when there is nothing to show (undefined). */
export function toMimeBundle(value: unknown): MimeBundle | null {
  if (value === undefined) return null;
  if (value instanceof Rich) return value.bundle;
  if (value instanceof tf.Tensor) {
    if (value.isDisposed) return { 'text/plain': 'Tensor (disposed)' };
    const view = tensorView(value);
    return { 'application/vnd.tfnb.tensor+json': view, 'text/plain': view.text };
  }
  if (isTable(value)) {
    const view = previewOf(value);
    return { 'application/vnd.tfnb.data-preview+json': view, 'text/plain': previewText(view) };
  }
  if (isLayersModel(value)) {
    const summary = modelSummary(value);
    return {
      'application/vnd.tfnb.model-summary+json': summary,
      'text/plain': `${summary.name}: ${summary.layers.length} layers, ${summary.totalParams} parameters`,
    };
  }
  return { 'text/plain': typeof value === 'string' ? JSON.stringify(value) : inspect(value) };
}

export function tableBundle(view: TableView): MimeBundle {
  const header = view.columns.join('\t');
  const body = view.rows.map((r) => r.map((c) => (c === null ? '' : String(c))).join('\t'));
  return { 'application/vnd.tfnb.table+json': view, 'text/plain': [header, ...body].join('\n') };
}

/** Shows values in the running cell's output, in order with its printed text. */
export function display(...values: unknown[]): void {
  for (const value of values) {
    const bundle = typeof value === 'string' ? { 'text/plain': value } : toMimeBundle(value);
    if (bundle) displayBundle(bundle);
  }
}

/** Where displays go while a control panel's handler runs (see `inSlots`). */
let slots: { prefix: string; used: number } | null = null;
/**
 * Ids that outputs of a handler brought with them (a live chart's, a progress bar's), and the
 * slot each was put in: their later updates, even after the handler returned, land there too.
 */
const slotOfId = new Map<string, string>();

function slotFor(displayId: string | undefined): string | undefined {
  if (!slots) return displayId === undefined ? undefined : (slotOfId.get(displayId) ?? displayId);
  if (displayId === undefined) return `${slots.prefix}-${slots.used++}`;
  const known = slotOfId.get(displayId);
  if (known?.startsWith(`${slots.prefix}-`)) return known;
  const slot = `${slots.prefix}-${slots.used++}`;
  slotOfId.set(displayId, slot);
  return slot;
}

export function displayBundle(data: MimeBundle, displayId?: string): void {
  const run = currentRun();
  if (!run) return;
  flushStreams();
  const id = slotFor(displayId);
  post({
    type: 'display',
    runId: run.runId,
    cellId: run.cellId,
    data,
    ...(id ? { displayId: id } : {}),
  });
}

/**
 * Runs `body` with every display it makes put in a numbered slot (`prefix-0`, `prefix-1`, …),
 * so the next run's first table replaces this run's first table instead of piling up below it;
 * a display that has an id of its own (a live chart) keeps one slot for all its updates. Slots
 * the last run filled and this one did not are emptied (an empty bundle, which shows nothing).
 * Returns how many slots this run used.
 */
export async function inSlots(
  prefix: string,
  previouslyUsed: number,
  body: () => Promise<void>,
): Promise<number> {
  const outer = slots;
  const mine = { prefix, used: 0 };
  slots = mine;
  try {
    await body();
  } finally {
    slots = outer;
    for (let i = mine.used; i < previouslyUsed; i++) displayBundle({}, `${prefix}-${i}`);
  }
  return mine.used;
}
