import type { MimeBundle } from '@/protocol';

/** One output of a code cell, shaped as nbformat 4 stores it so `.ipynb` files keep it unchanged. */
export type CellOutput =
  | { output_type: 'stream'; name: 'stdout' | 'stderr'; text: string }
  | {
      output_type: 'display_data';
      data: MimeBundle;
      metadata: Record<string, unknown>;
      display_id?: string;
    }
  | {
      output_type: 'execute_result';
      data: MimeBundle;
      metadata: Record<string, unknown>;
      execution_count: number | null;
    }
  | {
      output_type: 'error';
      ename: string;
      evalue: string;
      traceback: string[];
      line?: number;
      hint?: string;
    };
