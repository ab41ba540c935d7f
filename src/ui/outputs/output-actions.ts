import { createContext, useContext } from 'react';
import type {
  ControlAction,
  DebuggerAction,
  DrawingOutcome,
  PredictOutcome,
  RereadOptions,
} from '@/protocol';

/**
 * What an output may ask of the live kernel, provided by the open notebook. Outputs of a saved
 * notebook (no kernel holding their data) get the default: nothing to ask.
 */
export interface OutputActions {
  reread?: (previewId: string, options: RereadOptions) => void;
  predict?: (panelId: string, text: string) => Promise<PredictOutcome>;
  saveRun?: (chartId: string) => void;
  classifyDrawing?: (padId: string, pixels: number[]) => Promise<DrawingOutcome>;
  debuggerAction?: (debuggerId: string, action: DebuggerAction) => void;
  controlAction?: (panelId: string, action: ControlAction) => void;
}

export const OutputActionsContext = createContext<OutputActions>({});

export function useOutputActions(): OutputActions {
  return useContext(OutputActionsContext);
}
