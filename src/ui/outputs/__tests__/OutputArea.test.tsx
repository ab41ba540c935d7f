// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { CellOutput } from '../cell-output';
import { OutputArea } from '../OutputArea';
import { render } from './render';

function display(data: Extract<CellOutput, { output_type: 'display_data' }>['data']): CellOutput {
  return { output_type: 'display_data', data, metadata: {} };
}

describe('OutputArea', () => {
  it('renders nothing for a cell without outputs', async () => {
    const { container } = await render(<OutputArea outputs={[]} />);
    expect(container.innerHTML).toBe('');
  });

  it('shows stdout plainly and stderr tinted, whitespace kept', async () => {
    const { container } = await render(
      <OutputArea
        outputs={[
          { output_type: 'stream', name: 'stdout', text: 'epoch 1\n  loss 0.5\n' },
          { output_type: 'stream', name: 'stderr', text: 'warning' },
        ]}
      />,
    );
    const [out, err] = container.querySelectorAll('pre');
    expect(out?.textContent).toBe('epoch 1\n  loss 0.5\n');
    expect(out?.className).toContain('output-stdout');
    expect(err?.className).toContain('output-stderr');
  });

  it('collapses a very long log until the user asks for all of it', async () => {
    const text = Array.from({ length: 1000 }, (_, i) => `step ${i}`).join('\n');
    const { container } = await render(
      <OutputArea outputs={[{ output_type: 'stream', name: 'stdout', text }]} />,
    );
    const button = container.querySelector('button');
    expect(button?.textContent).toContain('920 lines hidden');
    expect(container.textContent).not.toContain('step 500\n');
    await act(async () => button?.click());
    expect(container.querySelector('pre')?.textContent).toBe(text);
  });

  it('shows an error as name: message with its cell line and hint', async () => {
    const { container } = await render(
      <OutputArea
        outputs={[
          {
            output_type: 'error',
            ename: 'ValueError',
            evalue: 'Shapes [2,3] and [4] do not match',
            traceback: [],
            line: 3,
            hint: 'Reshape the labels to [batch, 1].',
          },
        ]}
      />,
    );
    const error = container.querySelector('[data-testid="output-error"]');
    expect(error?.querySelector('.output-error-title')?.textContent).toBe(
      'ValueError: Shapes [2,3] and [4] do not match (line 3)',
    );
    expect(error?.querySelector('.output-error-hint')?.textContent).toBe(
      'Hint: Reshape the labels to [batch, 1].',
    );
    expect(error?.querySelector('details')).toBeNull();
  });

  it('shows a reported metric beside the book value with a pass or miss badge', async () => {
    const { container } = await render(
      <OutputArea
        outputs={[
          display({
            'application/vnd.tfnb.metric+json': {
              name: 'val acc',
              value: 0.7132,
              book: 0.71,
              min: 0.65,
              pass: true,
              preset: 'quick',
            },
          }),
          display({
            'application/vnd.tfnb.metric+json': {
              name: 'loss',
              value: 0.5,
              max: 0.3,
              pass: false,
              preset: 'book',
            },
          }),
          display({
            'application/vnd.tfnb.metric+json': { name: 'mse', value: 91, preset: 'book' },
          }),
        ]}
      />,
    );
    const [pass, miss, plain] = container.querySelectorAll('[data-testid="output-metric"]');
    expect(pass?.textContent).toBe('val accours 0.7132book 0.71band ≥ 0.65 (quick)pass');
    expect(miss?.querySelector('[data-testid="metric-badge"]')?.textContent).toBe('miss');
    expect(miss?.getAttribute('data-pass')).toBe('miss');
    expect(plain?.querySelector('[data-testid="metric-badge"]')).toBeNull();
  });

  it('heads a tensor with its shape and dtype', async () => {
    const tensor = {
      shape: [2, 4],
      dtype: 'float32',
      text: '[[1, 2, 3, 4],\n [5, 6, 7, 8]]',
      size: 8,
    };
    const { container } = await render(
      <OutputArea outputs={[display({ 'application/vnd.tfnb.tensor+json': tensor })]} />,
    );
    const header = container.querySelector('.output-tensor-header');
    expect(header?.textContent).toBe('Tensor shape [2,4] float32');
    expect(container.querySelector('.output-tensor-values')?.textContent).toBe(tensor.text);
  });

  it('says how much of a table is shown and windows long tables', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [i, i * 0.5, i % 2 === 0]);
    const table = { columns: ['id', 'x', 'even'], rows, totalRows: 30_000 };
    const { container } = await render(
      <OutputArea outputs={[display({ 'application/vnd.tfnb.table+json': table })]} />,
    );
    expect(container.querySelector('.output-table-note')?.textContent).toBe(
      'showing 1,000 of 30,000 rows',
    );
    const rendered = container.querySelectorAll('tbody tr:not(.output-table-spacer)');
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered.length).toBeLessThan(100);
    expect(container.querySelectorAll('thead th')).toHaveLength(3);
  });

  it('lays out a model summary like Keras', async () => {
    const summary = {
      name: 'sequential_1',
      layers: [
        { name: 'dense_1', type: 'Dense', outputShape: '[null,128]', params: 100_480 },
        { name: 'dense_2', type: 'Dense', outputShape: '[null,10]', params: 1_290 },
      ],
      totalParams: 101_770,
      trainableParams: 101_770,
    };
    const { container } = await render(
      <OutputArea outputs={[display({ 'application/vnd.tfnb.model-summary+json': summary })]} />,
    );
    const headers = [...container.querySelectorAll('th')].map((th) => th.textContent);
    expect(headers).toEqual(['Layer (type)', 'Output shape', 'Param #']);
    expect(container.querySelector('tbody tr')?.textContent).toBe(
      'dense_1 (Dense)[null,128]100,480',
    );
    expect(container.querySelector('.output-summary-totals')?.textContent).toBe(
      'Total params: 101,770Trainable params: 101,770Non-trainable params: 0',
    );
  });

  it('scales a 28×28 image up to 112 px with crisp pixels', async () => {
    const bytes = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82];
    const png = btoa(String.fromCharCode(...bytes, 0, 0, 0, 28, 0, 0, 0, 28, 8, 0, 0, 0));
    const { container } = await render(<OutputArea outputs={[display({ 'image/png': png })]} />);
    const img = container.querySelector('img');
    expect(img?.getAttribute('width')).toBe('112');
    expect(img?.className).toContain('output-image-pixelated');
    expect(img?.getAttribute('src')).toBe(`data:image/png;base64,${png}`);
  });

  it('renders markdown with scripts and handlers stripped', async () => {
    const markdown =
      '# Result\n\n**0.98** accuracy <img src=x onerror="alert(1)"><script>alert(2)</script>';
    const { container } = await render(
      <OutputArea outputs={[display({ 'text/markdown': markdown, 'text/plain': 'Result' })]} />,
    );
    expect(container.querySelector('.output-markdown h1')?.textContent).toBe('Result');
    expect(container.querySelector('strong')?.textContent).toBe('0.98');
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')?.hasAttribute('onerror')).toBe(false);
  });

  it('shows a progress bar with counts, percent and speed', async () => {
    const progress = {
      label: 'Epoch 2/5',
      done: 30_000,
      total: 60_000,
      elapsedMs: 10_000,
      unit: 'samples',
      samplesPerSecond: 3000,
      state: 'running' as const,
    };
    const { container } = await render(
      <OutputArea outputs={[display({ 'application/vnd.tfnb.progress+json': progress })]} />,
    );
    expect(container.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')).toBe(
      '30000',
    );
    expect(container.querySelector('.output-progress-stats')?.textContent).toBe(
      '30,000/60,000 samples · 50% · 0:10 elapsed · ETA 0:10 · 3,000 samples/s',
    );
  });

  it('hands a picked file to onUploadFile with the request id, once', async () => {
    const onUploadFile = vi.fn();
    const request = {
      requestId: 'req-1',
      prompt: 'Upload the credit-card XLS',
      accept: ['.xls', '.xlsx'],
      state: 'waiting' as const,
    };
    const outputs = [display({ 'application/vnd.tfnb.upload-request+json': request })];
    const { container, rerender } = await render(
      <OutputArea outputs={outputs} onUploadFile={onUploadFile} />,
    );
    const input = container.querySelector<HTMLInputElement>('[data-testid="upload-input"]');
    expect(input?.accept).toBe('.xls,.xlsx');
    const file = new File(['a,b'], 'default of credit card clients.xls');
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await act(async () => input?.dispatchEvent(new Event('change', { bubbles: true })));
    expect(onUploadFile).toHaveBeenCalledWith('req-1', file);
    expect(container.textContent).toContain('Sending default of credit card clients.xls');
    expect(input?.disabled).toBe(true);

    const received = { ...request, state: 'received' as const, fileName: 'clients.xls' };
    await rerender(
      <OutputArea
        outputs={[display({ 'application/vnd.tfnb.upload-request+json': received })]}
        onUploadFile={onUploadFile}
      />,
    );
    expect(container.querySelector('[data-testid="output-upload"]')?.textContent).toBe(
      'received clients.xls',
    );
  });
});
