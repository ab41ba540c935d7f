/**
 * nbformat 3 → 4, as Jupyter's own converter does it (nbformat/v4/convert.py, `upgrade`): the
 * worksheets' cells flattened in order, `input` → `source`, `prompt_number` → `execution_count`,
 * heading cells → markdown headings, and outputs moved to v4's shapes (`pyout` → `execute_result`,
 * `pyerr` → `error`, `stream` → `name`, short keys such as `png` → MIME types under `data`).
 * Plain JSON in, plain JSON out: the v4 schema check in io.ts then reads the result like any
 * other notebook, so a malformed v3 file is refused by the same rules.
 */

type Json = Record<string, unknown>;

/** v3's short output keys and the MIME types v4 stores them under (convert.py's `_mime_map`). */
const MIME_OF: Record<string, string> = {
  text: 'text/plain',
  html: 'text/html',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpeg: 'image/jpeg',
  latex: 'text/latex',
  json: 'application/json',
  javascript: 'application/javascript',
};

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join('');
  return typeof value === 'string' ? value : '';
}

function toMimeKeys(d: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(d)) out[MIME_OF[key] ?? key] = value;
  return out;
}

function upgradeOutput(output: Json): Json {
  const type = output.output_type;
  if (type === 'pyout' || type === 'display_data') {
    const data: Json = {};
    for (const [key, value] of Object.entries(output)) {
      if (['output_type', 'prompt_number', 'execution_count', 'metadata'].includes(key)) continue;
      data[key] = value;
    }
    const mimeData = toMimeKeys(data);
    const json = Array.isArray(mimeData['application/json'])
      ? text(mimeData['application/json'])
      : mimeData['application/json'];
    if (typeof json === 'string') {
      try {
        mimeData['application/json'] = JSON.parse(json);
      } catch {
        // Kept as text: the notebook still opens, and the text shows what was there.
        mimeData['text/plain'] ??= json;
        delete mimeData['application/json'];
      }
    }
    const metadata = toMimeKeys(isObject(output.metadata) ? output.metadata : {});
    return type === 'pyout'
      ? {
          output_type: 'execute_result',
          data: mimeData,
          metadata,
          execution_count: output.prompt_number ?? null,
        }
      : { output_type: 'display_data', data: mimeData, metadata };
  }
  if (type === 'pyerr') return { ...output, output_type: 'error' };
  if (type === 'stream') {
    const { stream, ...rest } = output;
    return { ...rest, name: stream ?? 'stdout' };
  }
  return output;
}

function upgradeCell(cell: Json): Json {
  const metadata = isObject(cell.metadata) ? { ...cell.metadata } : {};
  if (cell.cell_type === 'code') {
    if ('collapsed' in cell) metadata.collapsed = cell.collapsed;
    const outputs = Array.isArray(cell.outputs) ? cell.outputs.filter(isObject) : [];
    return {
      cell_type: 'code',
      metadata,
      source: cell.input ?? '',
      execution_count: cell.prompt_number ?? null,
      outputs: outputs.map(upgradeOutput),
    };
  }
  if (cell.cell_type === 'heading') {
    const level = typeof cell.level === 'number' ? cell.level : 1;
    const line = text(cell.source).split(/\r?\n/).join(' ');
    return { cell_type: 'markdown', metadata, source: `${'#'.repeat(level)} ${line}` };
  }
  if (cell.cell_type === 'html') return { cell_type: 'markdown', metadata, source: cell.source };
  return { ...cell, metadata };
}

/** The language a v3 notebook's code cells declare (v3 kept it per cell), if any. */
export function v3Language(nb: Json): string | undefined {
  const worksheets = Array.isArray(nb.worksheets) ? nb.worksheets : [];
  for (const ws of worksheets) {
    const cells = isObject(ws) && Array.isArray(ws.cells) ? ws.cells : [];
    for (const cell of cells) {
      if (isObject(cell) && cell.cell_type === 'code' && typeof cell.language === 'string')
        return cell.language.toLowerCase();
    }
  }
  return undefined;
}

/** A v3 notebook (`worksheets`) as v4 JSON, or undefined when it has no worksheets list. */
export function upgradeV3(nb: Json): Json | undefined {
  if (!Array.isArray(nb.worksheets)) return undefined;
  const cells: Json[] = [];
  for (const ws of nb.worksheets) {
    if (!isObject(ws) || !Array.isArray(ws.cells)) continue;
    for (const cell of ws.cells) if (isObject(cell)) cells.push(upgradeCell(cell));
  }
  const {
    name: _name,
    signature: _signature,
    ...metadata
  } = isObject(nb.metadata) ? nb.metadata : {};
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      ...metadata,
      orig_nbformat: nb.orig_nbformat ?? 3,
      orig_nbformat_minor: nb.orig_nbformat_minor ?? 0,
    },
    cells,
  };
}
