import { UserFacingError } from '@/utils/errors';
import type { Rng } from './rng';

export type Dimension =
  | { readonly kind: 'choice'; readonly options: readonly unknown[] }
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
  | { readonly kind: 'logUniform'; readonly low: number; readonly high: number }
  | { readonly kind: 'quniform'; readonly low: number; readonly high: number; readonly q: number };

/** Names → dimensions; any other value is a constant passed to every trial as it is. */
export type Space = Record<string, unknown>;
export type Params = Record<string, unknown>;

export class SearchSpaceError extends UserFacingError {
  override name = 'SearchSpaceError';
}

const DIMENSION = Symbol('dimension');

function make<D extends Dimension>(d: D): D {
  return Object.assign(d, { [DIMENSION]: true });
}

export function isDimension(value: unknown): value is Dimension {
  return typeof value === 'object' && value !== null && DIMENSION in value;
}

function range(name: string, low: number, high: number, positive = false) {
  if (!Number.isFinite(low) || !Number.isFinite(high) || !(low < high) || (positive && low <= 0)) {
    throw new SearchSpaceError(
      `${name}(${low}, ${high}) needs finite bounds with low < high${positive ? ', both > 0' : ''}.`,
      positive ? 'For example logUniform(1e-5, 1e-1).' : 'For example uniform(0, 0.5).',
    );
  }
}

/** One of the values (Hyperas's {{choice([...])}}; best_run reports its index). */
export function choice(options: readonly unknown[]): Dimension {
  if (!Array.isArray(options) || options.length === 0)
    throw new SearchSpaceError(
      'choice() needs a non-empty array of values, e.g. choice([64, 128]).',
    );
  return make({ kind: 'choice', options: [...options] });
}

export function uniform(low: number, high: number): Dimension {
  range('uniform', low, high);
  return make({ kind: 'uniform', low, high });
}

/** Uniform in log space between low and high (the values themselves, not their logs). */
export function logUniform(low: number, high: number): Dimension {
  range('logUniform', low, high, true);
  return make({ kind: 'logUniform', low, high });
}

/** round(uniform(low, high) / q) · q, as hyperopt's quniform. */
export function quniform(low: number, high: number, q: number): Dimension {
  range('quniform', low, high);
  if (!(q > 0)) throw new SearchSpaceError(`quniform needs a step q > 0; got ${q}.`);
  return make({ kind: 'quniform', low, high, q });
}

export function quantize(value: number, q: number): number {
  // Rounded to q's own decimals, so 0.1·3 reads 0.3.
  const decimals = Math.max(0, -Math.floor(Math.log10(q)) + 6);
  return Number((Math.round(value / q) * q).toFixed(decimals));
}

/** One draw of a dimension: the value, and for a choice its index. */
export function sampleDimension(d: Dimension, rng: Rng): { value: unknown; index?: number } {
  switch (d.kind) {
    case 'choice': {
      const index = rng.int(d.options.length);
      return { value: d.options[index], index };
    }
    case 'uniform':
      return { value: d.low + rng.next() * (d.high - d.low) };
    case 'logUniform':
      return { value: Math.exp(Math.log(d.low) + rng.next() * Math.log(d.high / d.low)) };
    case 'quniform':
      return { value: quantize(d.low + rng.next() * (d.high - d.low), d.q) };
  }
}

export interface Point {
  params: Params;
  /** Choice indices by name (Hyperas's best_run form). */
  indices: Record<string, number>;
}

export function samplePoint(space: Space, rng: Rng): Point {
  const params: Params = {};
  const indices: Record<string, number> = {};
  for (const [name, d] of Object.entries(space)) {
    if (!isDimension(d)) {
      params[name] = d;
      continue;
    }
    const { value, index } = sampleDimension(d, rng);
    params[name] = value;
    if (index !== undefined) indices[name] = index;
  }
  return { params, indices };
}

/** Every combination of the choices, the last name varying fastest. */
export function gridPoints(space: Space): Point[] {
  let points: Point[] = [{ params: {}, indices: {} }];
  for (const [name, d] of Object.entries(space)) {
    if (isDimension(d) && d.kind !== 'choice') {
      throw new SearchSpaceError(
        `A grid needs a list of values for "${name}", not ${d.kind}().`,
        `Use choice([...]) or a plain array for "${name}", or search.random / search.tpe for continuous ranges.`,
      );
    }
    const options = isDimension(d) && d.kind === 'choice' ? d.options : Array.isArray(d) ? d : null;
    if (options === null) {
      for (const p of points) p.params[name] = d;
      continue;
    }
    points = points.flatMap((p) =>
      options.map((value, index) => ({
        params: { ...p.params, [name]: value },
        indices: { ...p.indices, [name]: index },
      })),
    );
  }
  return points;
}
