// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TrainingView } from '@/protocol';
import { render } from '@/ui/outputs/__tests__/render';
import { TrainingChart } from '../TrainingChart';
import { fakeUPlot } from './fake-uplot';
import { batch, epochEnd } from './points';

const fake = fakeUPlot();
vi.mock('../uplot-loader', () => ({ loadUPlot: () => Promise.resolve(fake.ctor) }));
// Plotly must not even be fetched for a live chart: its evaluation was the longest task.
vi.mock('../plotly-loader', () => ({
  loadPlotly: () => Promise.reject(new Error('the training chart must not load Plotly')),
}));

function view(overrides: Partial<TrainingView>): TrainingView {
  return {
    chartId: 'fit-1',
    title: 'MNIST MLP',
    xLabel: 'epoch',
    points: [],
    state: 'running',
    ...overrides,
  };
}

const nextFrame = () =>
  act(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
// A plot is built in a task of its own after the frame that found it missing.
const nextTask = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

afterEach(() => {
  fake.plots.length = 0;
});

describe('TrainingChart', () => {
  it('exposes point count, state and last values for tests that cannot read the canvas', async () => {
    const points = [batch(1, { loss: 0.5 }), epochEnd(1, 0, { loss: 0.2074, val_loss: 0.221 })];
    const { container, unmount } = await render(<TrainingChart view={view({ points })} />);
    const chart = container.querySelector('[data-testid="training-chart"]');
    expect(chart?.getAttribute('data-points')).toBe('2');
    expect(chart?.getAttribute('data-state')).toBe('running');
    expect(container.querySelector('[data-testid="training-last"]')?.textContent).toBe(
      'loss 0.2074 · val_loss 0.2210',
    );
    await unmount();
  });

  it('feeds new points to the plot it built instead of building another per view', async () => {
    const first = [batch(1, { loss: 1 })];
    const { container, rerender, unmount } = await render(
      <TrainingChart view={view({ points: first })} />,
    );
    await nextFrame();
    await nextTask();
    expect(fake.plots).toHaveLength(1);
    await rerender(<TrainingChart view={view({ points: [...first, batch(2, { loss: 0.8 })] })} />);
    await nextFrame();
    expect(fake.plots).toHaveLength(1);
    expect(fake.plots[0]?.tables.at(-1)).toEqual([
      [1, 2],
      [1, 0.8],
    ]);
    const plotEl = container.querySelector('.chart-plot') as HTMLElement;
    // The frame that found no plot, the task that built it, the frame with the new point.
    expect(plotEl.dataset.draws).toBe('3');
    await unmount();
    expect(fake.plots[0]?.destroy).toHaveBeenCalledTimes(1);
  });

  it('says why training stopped in a visible banner', async () => {
    const { container, unmount } = await render(
      <TrainingChart
        view={view({
          points: [batch(1, { loss: NaN })],
          state: 'stopped',
          message: 'Loss became NaN at step 1',
        })}
      />,
    );
    const banner = container.querySelector('[data-testid="training-state"]');
    expect(banner?.getAttribute('role')).toBe('alert');
    expect(banner?.textContent).toBe('Training stopped — Loss became NaN at step 1');
    expect(container.querySelector('[data-testid="training-last"]')?.textContent).toBe('loss NaN');
    await unmount();
  });

  it('offers smoothing only for noisy batch curves, and redraws with the smoothed twin', async () => {
    const epochsOnly = await render(
      <TrainingChart view={view({ points: [epochEnd(1, 0, { loss: 1 })] })} />,
    );
    expect(epochsOnly.container.querySelector('input[type="checkbox"]')).toBeNull();
    await epochsOnly.unmount();
    fake.plots.length = 0;

    const { container, unmount } = await render(
      <TrainingChart view={view({ points: [batch(1, { loss: 1 }), batch(2, { loss: 0.5 })] })} />,
    );
    await nextFrame();
    const toggle = container.querySelector<HTMLInputElement>('input[type="checkbox"]');
    await act(async () => toggle?.click());
    await nextFrame();
    // The same plot, its curves swapped: no second uPlot for a new curve.
    expect(fake.plots).toHaveLength(1);
    expect(fake.plots[0]?.series.map((s) => s.label)).toEqual(['epoch', 'loss', 'loss (smoothed)']);
    await unmount();
  });

  it('offers CSV and PNG downloads once there are points', async () => {
    const empty = await render(<TrainingChart view={view({})} />);
    const buttons = () => [...empty.container.querySelectorAll('button')];
    expect(buttons().map((b) => [b.textContent, b.disabled])).toEqual([
      ['Download CSV', true],
      ['Download PNG', true],
    ]);
    expect(empty.container.textContent).toContain('Waiting for the first metrics…');
    await empty.rerender(<TrainingChart view={view({ points: [batch(1, { loss: 1 })] })} />);
    expect(buttons().map((b) => b.disabled)).toEqual([false, false]);
    await empty.unmount();
  });
});
