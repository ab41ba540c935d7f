import { describe, expect, it } from 'vitest';
import { parseNotebook } from '@/notebook/io';
import { MIME, type PlotlyFigure, type TrainingView } from '@/protocol';
import { exportNotebook } from '../export-notebook';
import { escapeHtml, HTML_ROW_LIMIT, modelSummaryHtml, tableHtml } from '../html';
import type { ChartPictures } from '../standard-mimes';
import { SAMPLE_NOTEBOOK, TINY_PNG } from './sample-notebook';

/** Records what it was asked to draw; the drawing itself is checked in the browser (e2e). */
function recordingPictures() {
  const drawn: string[] = [];
  const pictures: ChartPictures = {
    training: async (view: TrainingView) => {
      drawn.push(`training:${view.chartId}`);
      return TINY_PNG;
    },
    plotly: async (figure: PlotlyFigure) => {
      drawn.push(`plotly:${figure.data.length}`);
      return TINY_PNG;
    },
  };
  return { drawn, pictures };
}

describe('HTML for exported tables', () => {
  it('escapes every value, so a cell can never become markup in a viewer', () => {
    const html = tableHtml({
      columns: ['<b>col</b>'],
      rows: [['<script>alert("x")</script>'], ["it's & done"]],
      totalRows: 2,
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('it&#39;s &amp; done');
    expect(escapeHtml('<>&"\'')).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('shows numbers as the app does, right-aligned, and says when rows were left out', () => {
    const html = tableHtml({ columns: ['x'], rows: [[0.1234567], [null]], totalRows: 50 });
    expect(html).toContain('<td style="text-align: right">0.123457</td>');
    expect(html).toContain('<td>null</td>');
    expect(html).toContain('2 of 50 rows shown.');
  });

  it('writes at most HTML_ROW_LIMIT rows', () => {
    const rows = Array.from({ length: HTML_ROW_LIMIT + 50 }, (_, i) => [i]);
    const html = tableHtml({ columns: ['i'], rows, totalRows: rows.length });
    expect(html.match(/<tr>/g)).toHaveLength(HTML_ROW_LIMIT + 1);
  });

  it('lays a model summary out as Keras prints it', () => {
    const html = modelSummaryHtml({
      name: 'm<1>',
      layers: [{ name: 'dense', type: 'Dense', outputShape: '[null,1]', params: 30000 }],
      totalParams: 30000,
      trainableParams: 29000,
    });
    expect(html).toContain('Model: "m&lt;1&gt;"');
    expect(html).toContain('<td>dense (Dense)</td>');
    expect(html).toContain('<td>30,000</td>');
    expect(html).toContain('Non-trainable params: 1,000');
  });
});

describe('exporting a notebook', () => {
  it('adds text/html to tables, summaries and previews and image/png to charts and figures', async () => {
    const { drawn, pictures } = recordingPictures();
    const json = JSON.parse(await exportNotebook(SAMPLE_NOTEBOOK, pictures));
    const datas = json.cells[1].outputs
      .filter((o: { output_type: string }) => o.output_type === 'display_data')
      .map((o: { data: Record<string, unknown> }) => o.data);
    const [table, summary, preview, training, plotly, metric, image] = datas;
    expect(table['text/html']).toContain('<table');
    expect(summary['text/html']).toContain('Layer (type)');
    expect(preview['text/html']).toContain('happiness.csv');
    expect(training['image/png']).toBe(TINY_PNG);
    expect(plotly['image/png']).toBe(TINY_PNG);
    expect(plotly[MIME.plotly]).toBeDefined();
    expect(metric['image/png']).toBeUndefined();
    expect(image['image/png']).toBe(TINY_PNG);
    expect(drawn).toEqual(['training:fit-1', 'plotly:1']);
  });

  it('keeps the app’s own MIME types, so importing the export loses nothing', async () => {
    const { pictures } = recordingPictures();
    const back = parseNotebook(await exportNotebook(SAMPLE_NOTEBOOK, pictures));
    const original = SAMPLE_NOTEBOOK.cells[1]!.outputs;
    back.cells[1]!.outputs.forEach((output, i) => {
      const before = original[i]!;
      if (output.output_type !== 'display_data' || before.output_type !== 'display_data') return;
      expect(output.data).toMatchObject(before.data);
    });
    expect(back.cells[2]!.outputs[0]).toMatchObject({ line: 2, hint: 'Check what x holds.' });
  });

  it('still exports, with the text fallback, when a chart cannot be drawn', async () => {
    const pictures: ChartPictures = {
      training: () => Promise.reject(new Error('no canvas')),
      plotly: () => Promise.reject(new Error('no canvas')),
    };
    const json = JSON.parse(await exportNotebook(SAMPLE_NOTEBOOK, pictures));
    const training = json.cells[1].outputs[5].data;
    expect(training['image/png']).toBeUndefined();
    expect(training['text/plain']).toBe('Training');
  });
});
