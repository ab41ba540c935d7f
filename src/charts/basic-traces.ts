/**
 * The app draws figures with Plotly's *basic* bundle (scatter, bar, pie), which has no heatmap:
 * Plotly then draws a heatmap trace as a line through its x and y. The kernel still sends real
 * heatmaps (an exported notebook keeps them for viewers with full Plotly), and the page draws
 * each one here as its grid of coloured squares, a scatter the basic bundle has.
 */
interface HeatmapTrace {
  type: 'heatmap';
  x?: unknown[];
  y?: unknown[];
  z?: (number | null)[][];
  text?: string[][];
  colorscale?: unknown;
  hovertemplate?: string;
  name?: string;
}

function isHeatmap(trace: unknown): trace is HeatmapTrace {
  return (
    typeof trace === 'object' && trace !== null && (trace as { type?: unknown }).type === 'heatmap'
  );
}

function asScatter(trace: HeatmapTrace): Record<string, unknown> {
  const z = trace.z ?? [];
  const xs: unknown[] = [];
  const ys: unknown[] = [];
  const values: number[] = [];
  const labels: string[] = [];
  z.forEach((row, i) => {
    row.forEach((value, j) => {
      if (value === null || !Number.isFinite(value)) return;
      xs.push(trace.x?.[j] ?? j);
      ys.push(trace.y?.[i] ?? i);
      values.push(value);
      labels.push(trace.text?.[i]?.[j] ?? String(value));
    });
  });
  const columns = Math.max(1, ...z.map((r) => r.length));
  return {
    type: 'scatter',
    mode: 'markers+text',
    x: xs,
    y: ys,
    text: labels,
    textposition: 'middle center',
    textfont: { color: '#ffffff' },
    marker: {
      symbol: 'square',
      // Fewer columns, bigger squares: a 3 × 3 grid fills most of its cells.
      size: Math.max(18, Math.min(60, Math.round(240 / columns))),
      color: values,
      colorscale: trace.colorscale ?? 'Viridis',
      showscale: true,
    },
    ...(trace.hovertemplate
      ? { hovertemplate: trace.hovertemplate.replace('%{z}', '%{marker.color}') }
      : {}),
    ...(trace.name ? { name: trace.name } : {}),
  };
}

/** The figure's traces with every heatmap replaced by its grid of coloured squares. */
export function forBasicBundle(data: readonly unknown[]): unknown[] {
  return data.map((trace) => (isHeatmap(trace) ? asScatter(trace) : trace));
}
