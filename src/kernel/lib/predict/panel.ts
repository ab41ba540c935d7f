import type * as tf from '@tensorflow/tfjs';
import type { PredictOutcome, PredictPanelView } from '@/protocol';
import { UserFacingError } from '@/utils/errors';
import { displayBundle } from '../../display';
import { post } from '../../post';
import { type PredictOptions, predictRows, rowShape } from './predict';
import { parseRows } from './rows';

interface Panel {
  model: tf.LayersModel;
  options: PredictOptions;
}

const panels = new Map<string, Panel>();
let counter = 0;

export interface PanelOptions extends PredictOptions {
  title?: string;
  /** Rows the text box starts with: numbers, or text as a user would type it. */
  example?: number[][] | number[] | string;
}

function exampleText(example: PanelOptions['example']): string | undefined {
  if (example === undefined || typeof example === 'string') return example;
  const rows = example.every(Array.isArray) ? (example as number[][]) : [example as number[]];
  return rows.map((row) => row.join(', ')).join('\n');
}

/** Shows a form in the cell that predicts with `model` on rows the user types, pastes or uploads. */
export function showPredictPanel(model: tf.LayersModel, options: PanelOptions = {}): void {
  const shape = rowShape(model, options);
  counter += 1;
  const panelId = `predict-${Date.now().toString(36)}-${counter}`;
  const { title, example, ...predictOptions } = options;
  panels.set(panelId, { model, options: predictOptions });
  const view: PredictPanelView = {
    panelId,
    title: title ?? `Predict with ${model.name}`,
    modelName: model.name,
    inputWidth: shape.width,
    ...(options.columns ? { columns: options.columns } : {}),
    ...(options.classes ? { classes: options.classes } : {}),
  };
  const text = exampleText(example);
  if (text !== undefined) view.example = text;
  displayBundle({
    'application/vnd.tfnb.predict-panel+json': view,
    'text/plain': `${view.title}: a prediction form (${shape.width} values per row). Run the notebook in the app to use it.`,
  });
}

async function outcomeOf(panelId: string, text: string): Promise<PredictOutcome> {
  const panel = panels.get(panelId);
  if (!panel) {
    return {
      ok: false,
      message: 'This form belongs to a kernel that has since restarted, so its model is gone.',
      hint: 'Run the cell that made the form again.',
    };
  }
  const started = performance.now();
  try {
    const { rows, notes } = parseRows(text, rowShape(panel.model, panel.options));
    const prediction = await predictRows(panel.model, rows, panel.options);
    return {
      ok: true,
      columns: prediction.table.columns,
      rows: prediction.table.rows,
      notes: [`${rows.length} row${rows.length === 1 ? '' : 's'}`, ...notes],
      durationMs: performance.now() - started,
    };
  } catch (error) {
    if (error instanceof UserFacingError)
      return { ok: false, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** The Predict button of a panel; answered with 'predict-result'. */
export async function answerPredict(panelId: string, text: string): Promise<void> {
  post({ type: 'predict-result', panelId, outcome: await outcomeOf(panelId, text) });
}
