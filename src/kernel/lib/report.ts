import * as tf from '@tensorflow/tfjs';
import { MIME } from '@/protocol';
import { metricText } from '@/utils/metric-format';
import { displayBundle } from '../display';
import { metricReport, ReportError, type ReportTarget } from './metric-report';
import { currentMutation } from './mutations';
import { currentPreset } from './preset';

function scalarValue(name: string, value: unknown): number {
  if (typeof value === 'number') return value;
  if (value instanceof tf.Tensor && value.size === 1) return value.dataSync()[0] ?? Number.NaN;
  throw new ReportError(
    `report('${name}'): the value must be a number or a one-element tensor.`,
    'Read a tensor with `(await t.data())[0]`, or pass a scalar tensor.',
  );
}

/**
 * Shows one of the notebook's headline numbers beside the book's, with a pass/miss badge when
 * it has a band. The headless runner collects these into `<notebook>.metrics.json`.
 */
export function report(name: string, value: number | tf.Tensor, target?: ReportTarget): void {
  const view = metricReport(
    name,
    scalarValue(String(name), value),
    target,
    currentPreset(),
    currentMutation(),
  );
  displayBundle({ [MIME.metric]: view, [MIME.text]: metricText(view) });
}
