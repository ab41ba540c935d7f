import type { ModelSummaryView } from '@/protocol';
import { formatCount } from './format';

/** Laid out like Keras's `model.summary()`, which is what the books print. */
export function ModelSummaryOutput({ summary }: { summary: ModelSummaryView }) {
  const nonTrainable = summary.totalParams - summary.trainableParams;
  return (
    <div className="output-summary" data-testid="output-model-summary">
      <div className="output-summary-name">Model: "{summary.name}"</div>
      <table>
        <thead>
          <tr>
            <th scope="col">Layer (type)</th>
            <th scope="col">Output shape</th>
            <th scope="col">Param #</th>
          </tr>
        </thead>
        <tbody>
          {summary.layers.map((layer) => (
            <tr key={layer.name}>
              <td>
                {layer.name} ({layer.type})
              </td>
              <td className="output-mono">{layer.outputShape}</td>
              <td className="output-cell-number">{formatCount(layer.params)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="output-summary-totals">
        <div>Total params: {formatCount(summary.totalParams)}</div>
        <div>Trainable params: {formatCount(summary.trainableParams)}</div>
        <div>Non-trainable params: {formatCount(nonTrainable)}</div>
      </div>
    </div>
  );
}
