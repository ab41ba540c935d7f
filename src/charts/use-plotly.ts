import { loadPlotly, type Plotly } from './plotly-loader';
import { type LazyModuleState, useLazyModule } from './use-lazy-module';

/** The lazily loaded Plotly API, or why it could not be loaded. */
export function usePlotly(): LazyModuleState<Plotly> {
  return useLazyModule(loadPlotly);
}
