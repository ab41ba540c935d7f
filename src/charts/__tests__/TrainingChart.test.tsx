// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TrainingView } from '@/protocol';
import { render } from '@/ui/outputs/__tests__/render';
import { TrainingChart } from '../TrainingChart';
import { fakePlotly } from './fake-plotly';
import { batch, epochEnd } from './points';

const fake = fakePlotly();
vi.mock('../plotly-loader', () => ({ loadPlotly: () => Promise.resolve(fake.plotly) }));

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

afterEach(() => {
  vi.clearAllMocks();
});

describe('TrainingChart', () => {
  it('exposes point count, state and last values for tests that cannot read the SVG', async () => {
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

  it('extends the plot with new points instead of re-plotting on each new view', async () => {
    const first = [batch(1, { loss: 1 })];
    const { container, rerender, unmount } = await render(
      <TrainingChart view={view({ points: first })} />,
    );
    await nextFrame();
    expect(fake.api.react).toHaveBeenCalledTimes(1);
    await rerender(<TrainingChart view={view({ points: [...first, batch(2, { loss: 0.8 })] })} />);
    await nextFrame();
    expect(fake.api.react).toHaveBeenCalledTimes(1);
    expect(fake.api.extendTraces).toHaveBeenCalledTimes(1);
    expect(
      container.querySelector('[data-testid="training-chart"]')?.getAttribute('data-points'),
    ).toBe('2');
    await unmount();
    expect(fake.api.purge).toHaveBeenCalledTimes(1);
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

  it('offers smoothing only for noisy batch curves, and re-plots when it is switched', async () => {
    const epochsOnly = await render(
      <TrainingChart view={view({ points: [epochEnd(1, 0, { loss: 1 })] })} />,
    );
    expect(epochsOnly.container.querySelector('input[type="checkbox"]')).toBeNull();
    await epochsOnly.unmount();
    vi.clearAllMocks();

    const { container, unmount } = await render(
      <TrainingChart view={view({ points: [batch(1, { loss: 1 }), batch(2, { loss: 0.5 })] })} />,
    );
    await nextFrame();
    const toggle = container.querySelector<HTMLInputElement>('input[type="checkbox"]');
    await act(async () => toggle?.click());
    await nextFrame();
    expect(fake.api.react).toHaveBeenCalledTimes(2);
    expect(fake.api.react.mock.calls[1]?.[1]).toHaveLength(2);
    await unmount();
  });
});
