import type { ReactNode } from 'react';
import { formatBytes } from '@/ui/checkpoints/format';

export interface StoredRow {
  key: string;
  cells: ReactNode[];
  /** The row's `data-name`, by which tests find it. */
  name: string;
  onDelete(): void;
}

interface StoredTableProps {
  title: string;
  bytes: number;
  /** Said instead of the table when nothing of this kind is stored. */
  empty: string;
  testId: string;
  columns: readonly string[];
  rows: readonly StoredRow[];
  /** A line under the heading, shown whether or not anything is stored. */
  note?: ReactNode;
}

/** One kind of stored thing on the storage page: its total size, then a row each to delete. */
export function StoredTable({
  title,
  bytes,
  empty,
  testId,
  columns,
  rows,
  note,
}: StoredTableProps) {
  return (
    <>
      <h2>
        {title} ({formatBytes(bytes)})
      </h2>
      {note}
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <table className="your-data-table" data-testid={testId}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c}>{c}</th>
              ))}
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-testid={`${testId}-row`} data-name={r.name}>
                {r.cells.map((cell, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a row's cells are fixed columns
                  <td key={i}>{cell}</td>
                ))}
                <td>
                  <button type="button" onClick={r.onDelete}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
