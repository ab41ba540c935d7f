import type { Config } from 'plotly.js-basic-dist-min';

export const PLOTLY_CONFIG: Partial<Config> = {
  responsive: true,
  displaylogo: false,
  // Hidden until hover, so a notebook of many charts does not look like a toolbar wall.
  displayModeBar: 'hover',
};
