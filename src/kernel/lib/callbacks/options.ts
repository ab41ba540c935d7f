import { CallbackError } from './base';

/**
 * Keras spells options in snake_case (`save_best_only`), tfjs in camelCase (`saveBestOnly`);
 * a book's code and a tfjs user's both work. Unknown names are refused, so a typo does not
 * silently leave an option at its default.
 */
export function readOptions<T extends object>(
  callback: string,
  given: object | undefined,
  known: readonly string[],
): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given ?? {})) {
    const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    if (!known.includes(camel)) {
      throw new CallbackError(
        `${callback} has no option "${key}".`,
        `Its options are: ${known.join(', ')} (Keras's snake_case spellings work too).`,
      );
    }
    if (value !== undefined) out[camel] = value;
  }
  return out as T;
}
