import { type Node, parse } from 'acorn';
import { transform } from 'sucrase';
import { UserFacingError } from '@/utils/errors';

/**
 * A cell compiled for the kernel: `names` are the top-level bindings the cell declares, which
 * the kernel turns into globals so later cells see them; `body` is the code of an async
 * function that assigns them, and returns the value of the cell's last expression.
 */
export interface CompiledCell {
  names: string[];
  body: string;
  /** Modules named by `import` statements; the kernel resolves them from its own registry. */
  imports: string[];
}

export class CellSyntaxError extends UserFacingError {
  override name = 'SyntaxError';
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(message, 'Fix the code at the marked line and run the cell again.');
    this.line = line;
    this.column = column;
  }
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

// acorn's Node type is loose; these narrow just the fields the rewrite reads.
interface Ranged {
  type: string;
  start: number;
  end: number;
}
interface Identifier extends Ranged {
  type: 'Identifier';
  name: string;
}

function isRanged(value: unknown): value is Ranged {
  return typeof value === 'object' && value !== null && 'type' in value && 'start' in value;
}

function child(node: Ranged, key: string): unknown {
  return (node as unknown as Record<string, unknown>)[key];
}

function childNode(node: Ranged, key: string): Ranged | null {
  const value = child(node, key);
  return isRanged(value) ? value : null;
}

function childNodes(node: Ranged, key: string): Ranged[] {
  const value = child(node, key);
  return Array.isArray(value) ? value.filter(isRanged) : [];
}

/** Names bound by a declaration pattern: `a`, `{a, b: c}`, `[d, ...e]`, `f = 1`. */
export function patternNames(pattern: Ranged): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [(pattern as Identifier).name];
    case 'ObjectPattern':
      return childNodes(pattern, 'properties').flatMap((p) =>
        p.type === 'RestElement'
          ? patternNames(childNode(p, 'argument') ?? p)
          : patternNames(childNode(p, 'value') ?? p),
      );
    case 'ArrayPattern':
      return childNodes(pattern, 'elements').flatMap(patternNames);
    case 'RestElement':
      return patternNames(childNode(pattern, 'argument') ?? pattern);
    case 'AssignmentPattern':
      return patternNames(childNode(pattern, 'left') ?? pattern);
    default:
      return [];
  }
}

function stripTypes(source: string): string {
  try {
    // Sucrase keeps every line where it was, so error lines map back to the cell unchanged.
    return transform(source, {
      transforms: ['typescript'],
      disableESTransforms: true,
      keepUnusedImports: true,
    }).code;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /\((\d+):(\d+)\)/.exec(message);
    throw new CellSyntaxError(message, Number(at?.[1] ?? 1), Number(at?.[2] ?? 0));
  }
}

function parseProgram(js: string): Ranged[] {
  try {
    const program = parse(js, {
      ecmaVersion: 'latest',
      sourceType: 'module',
      allowAwaitOutsideFunction: true,
      locations: true,
    }) as Node & { body: unknown[] };
    return program.body.filter(isRanged);
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const message = (error instanceof Error ? error.message : String(error)).replace(
      / \(\d+:\d+\)$/,
      '',
    );
    throw new CellSyntaxError(message, loc?.line ?? 1, (loc?.column ?? 0) + 1);
  }
}

/**
 * Rewrites top-level declarations into assignments, so that re-running a cell that declares
 * `const x` works and later cells see `x`, as in a Jupyter kernel. Edits never add or remove
 * line breaks, so a runtime error's line in the compiled code is its line in the cell.
 */
export function compileCell(source: string): CompiledCell {
  const js = stripTypes(source);
  const statements = parseProgram(js);
  const names = new Set<string>();
  const imports: string[] = [];
  const hoisted: string[] = [];
  const edits: Edit[] = [];
  const text = (n: Ranged) => js.slice(n.start, n.end);

  for (const [index, statement] of statements.entries()) {
    let node = statement;
    if (node.type === 'ExportNamedDeclaration' || node.type === 'ExportDefaultDeclaration') {
      const declaration = childNode(node, 'declaration');
      if (!declaration) {
        edits.push({ start: node.start, end: node.end, text: '' });
        continue;
      }
      edits.push({ start: node.start, end: declaration.start, text: '' });
      node = declaration;
    }
    switch (node.type) {
      case 'VariableDeclaration': {
        const parts = childNodes(node, 'declarations').map((declarator) => {
          const id = childNode(declarator, 'id');
          const init = childNode(declarator, 'init');
          if (!id) return '';
          for (const name of patternNames(id)) names.add(name);
          if (id.type === 'Identifier') return `${text(id)} = ${init ? text(init) : 'undefined'}`;
          return `(${text(id)} = ${init ? text(init) : 'undefined'})`;
        });
        // Always end with ';': a following `([a, b] = …)` must not parse as a call.
        edits.push({ start: node.start, end: node.end, text: `${parts.join('; ')};` });
        break;
      }
      case 'FunctionDeclaration': {
        const id = childNode(node, 'id');
        if (id?.type === 'Identifier') {
          const name = (id as Identifier).name;
          names.add(name);
          // The declaration stays local (so it is hoisted within the cell); this publishes it.
          hoisted.push(`globalThis[${JSON.stringify(name)}] = ${name};`);
        }
        break;
      }
      case 'ClassDeclaration': {
        const id = childNode(node, 'id');
        if (id?.type === 'Identifier') {
          const name = (id as Identifier).name;
          names.add(name);
          edits.push({ start: node.start, end: node.start, text: `${name} = ` });
          edits.push({ start: node.end, end: node.end, text: ';' });
        }
        break;
      }
      case 'ImportDeclaration': {
        const sourceNode = childNode(node, 'source');
        const from = String(child(sourceNode ?? node, 'value') ?? '');
        imports.push(from);
        const assignments = childNodes(node, 'specifiers').map((spec) => {
          const local = (childNode(spec, 'local') as Identifier | null)?.name ?? '';
          names.add(local);
          const module = `__kernelImport(${JSON.stringify(from)})`;
          if (spec.type === 'ImportSpecifier') {
            const imported = childNode(spec, 'imported') as Identifier | null;
            return `${local} = ${module}[${JSON.stringify(imported?.name ?? local)}]`;
          }
          if (spec.type === 'ImportDefaultSpecifier') return `${local} = ${module}.default`;
          return `${local} = ${module}`;
        });
        edits.push({ start: node.start, end: node.end, text: `${assignments.join('; ')};` });
        break;
      }
      case 'ExpressionStatement': {
        const expression = childNode(node, 'expression');
        const isDirective = typeof child(node, 'directive') === 'string';
        if (index === statements.length - 1 && expression && !isDirective) {
          edits.push({ start: expression.start, end: expression.start, text: 'return (' });
          edits.push({ start: expression.end, end: expression.end, text: ')' });
        }
        break;
      }
      default:
        break;
    }
  }

  return { names: [...names], body: hoisted.join(' ') + applyEdits(js, edits), imports };
}

function applyEdits(source: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = source;
  for (const edit of sorted) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}
