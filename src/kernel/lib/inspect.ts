import * as tf from '@tensorflow/tfjs';

const MAX_ITEMS = 100;

/** A short, readable rendering of any value, like a REPL prints it. */
export function inspect(value: unknown, depth = 0): string {
  if (value instanceof tf.Tensor) {
    return value.isDisposed ? 'Tensor (disposed)' : value.toString();
  }
  switch (typeof value) {
    case 'string':
      return depth === 0 ? value : JSON.stringify(value);
    case 'number':
    case 'boolean':
    case 'undefined':
    case 'symbol':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'function':
      return `[Function ${value.name || '(anonymous)'}]`;
    default:
      break;
  }
  if (value === null) return 'null';
  if (depth > 3) return Array.isArray(value) ? '[…]' : '{…}';
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const items = Array.from(value as unknown as ArrayLike<number>).slice(0, MAX_ITEMS);
    const more = (value as unknown as ArrayLike<number>).length > MAX_ITEMS ? ', …' : '';
    return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length}) [${items.join(', ')}${more}]`;
  }
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => inspect(v, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`… ${value.length - MAX_ITEMS} more`);
    return `[${items.join(', ')}]`;
  }
  if (value instanceof Map) {
    const items = [...value.entries()]
      .slice(0, MAX_ITEMS)
      .map(([k, v]) => `${inspect(k, depth + 1)} => ${inspect(v, depth + 1)}`);
    return `Map(${value.size}) {${items.join(', ')}}`;
  }
  if (value instanceof Set) {
    const items = [...value].slice(0, MAX_ITEMS).map((v) => inspect(v, depth + 1));
    return `Set(${value.size}) {${items.join(', ')}}`;
  }
  const entries = Object.entries(value as Record<string, unknown>).slice(0, MAX_ITEMS);
  const name = (value as object).constructor?.name;
  const prefix = name && name !== 'Object' ? `${name} ` : '';
  return `${prefix}{${entries.map(([k, v]) => `${k}: ${inspect(v, depth + 1)}`).join(', ')}}`;
}
