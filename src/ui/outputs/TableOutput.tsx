import { type ReactNode, useLayoutEffect, useRef, useState } from 'react';
import type { TableCell, TableView } from '@/protocol';
import { formatCell, formatCount } from './format';
import { rowWindow } from './virtual-window';

/** Above this many rows only the visible ones are in the DOM. */
export const VIRTUALISE_ABOVE = 200;
// Must match `.output-table td` height in outputs.css: windowing assumes every row is this tall.
const ROW_HEIGHT = 28;
const DEFAULT_VIEWPORT = 360;

function cellClass(cell: TableCell): string | undefined {
  if (cell === null) return 'output-cell-null';
  return typeof cell === 'number' ? 'output-cell-number' : undefined;
}

function Row({ cells }: { cells: TableCell[] }) {
  return (
    <tr>
      {cells.map((cell, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional.
        <td key={i} className={cellClass(cell)} title={formatCell(cell)}>
          {formatCell(cell)}
        </td>
      ))}
    </tr>
  );
}

function Spacer({ height, span }: { height: number; span: number }) {
  if (height <= 0) return null;
  return (
    <tr className="output-table-spacer">
      <td colSpan={span} style={{ height }} />
    </tr>
  );
}

export function TableOutput({ table }: { table: TableView }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(DEFAULT_VIEWPORT);
  const virtual = table.rows.length > VIRTUALISE_ABOVE;

  useLayoutEffect(() => {
    const height = scrollRef.current?.clientHeight;
    if (height !== undefined && height > 0) setViewport(height);
  }, []);

  let body: ReactNode;
  if (virtual) {
    const win = rowWindow(scrollTop, viewport, ROW_HEIGHT, table.rows.length);
    const span = Math.max(1, table.columns.length);
    body = (
      <>
        <Spacer height={win.padTop} span={span} />
        {table.rows.slice(win.start, win.end).map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the absolute row number is the row's identity.
          <Row key={win.start + i} cells={row} />
        ))}
        <Spacer height={win.padBottom} span={span} />
      </>
    );
  } else {
    // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional and never reordered.
    body = table.rows.map((row, i) => <Row key={i} cells={row} />);
  }

  const truncated = table.totalRows > table.rows.length;
  return (
    <div className="output-table" data-testid="output-table">
      {table.caption !== undefined && <div className="output-table-caption">{table.caption}</div>}
      <div
        ref={scrollRef}
        className="output-table-scroll"
        onScroll={virtual ? (event) => setScrollTop(event.currentTarget.scrollTop) : undefined}
      >
        <table>
          <thead>
            <tr>
              {table.columns.map((column, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: column names may repeat.
                <th key={i} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{body}</tbody>
        </table>
      </div>
      {truncated && (
        <div className="output-table-note">
          showing {formatCount(table.rows.length)} of {formatCount(table.totalRows)} rows
        </div>
      )}
    </div>
  );
}
