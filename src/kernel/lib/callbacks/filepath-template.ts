import { CallbackError } from './base';
import { monitorValue } from './monitor';

// Python's format fields as Keras's filepaths use them: {name}, {name:02d}, {name:.2f},
// {name:.4e}, {name:8.3g}; {{ and }} are literal braces.
const FIELD = /\{\{|\}\}|\{(\w+)(?::(0?)(\d*)(?:\.(\d+))?([dfFeEgG%]?))?\}/g;

function exponent(text: string): string {
  // Python writes at least two exponent digits: 1.5e-05, not 1.5e-5.
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

function formatNumber(value: number, precision: string | undefined, type: string): string {
  const digits = precision === undefined ? undefined : Number(precision);
  switch (type) {
    case 'd':
      return String(Math.round(value));
    case 'f':
    case 'F':
      return value.toFixed(digits ?? 6);
    case 'e':
    case 'E': {
      const text = exponent(value.toExponential(digits ?? 6));
      return type === 'E' ? text.toUpperCase() : text;
    }
    case '%':
      return `${(value * 100).toFixed(digits ?? 6)}%`;
    case 'g':
    case 'G': {
      const p = Math.max(1, digits ?? 6);
      const exp = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(value)));
      const text =
        exp < -4 || exp >= p
          ? exponent(value.toExponential(p - 1).replace(/\.?0+e/, 'e'))
          : value
              .toFixed(Math.max(0, p - 1 - exp))
              .replace(/(\.\d*?)0+$/, '$1')
              .replace(/\.$/, '');
      return type === 'G' ? text.toUpperCase() : text;
    }
    default:
      // str() of a Python number: whole numbers stay whole (epochs), others in full.
      return precision === undefined ? String(value) : value.toPrecision(Number(precision));
  }
}

/**
 * Fills a Keras ModelCheckpoint filepath: `epoch` (from 1, as Keras) and every log value, found
 * under either spelling of accuracy (`val_acc` / `val_accuracy`).
 */
export function formatFilepath(template: string, values: Record<string, number>): string {
  return template.replace(
    FIELD,
    (match, name?: string, zero?: string, width?: string, precision?: string, type = '') => {
      if (match === '{{') return '{';
      if (match === '}}') return '}';
      const value = name === undefined ? undefined : monitorValue(values, name);
      if (value === undefined) {
        throw new CallbackError(
          `Failed to format this callback filepath: "${template}". Reason: there is no "${name}" among ${Object.keys(values).join(', ')}.`,
          'Use epoch or a metric the model logs (loss, acc, val_loss, val_acc…); validation metrics need validationSplit or validationData.',
        );
      }
      const text = formatNumber(value, precision, type);
      const size = width ? Number(width) : 0;
      return zero && text.startsWith('-')
        ? `-${text.slice(1).padStart(size - 1, '0')}`
        : text.padStart(size, zero ? '0' : ' ');
    },
  );
}
