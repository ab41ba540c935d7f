import { UserFacingError } from '@/utils/errors';

/** A path parameter's value, converted as Flask's converters do (`<int:id>` gives a number). */
export type PathParams = Record<string, string | number>;

type Converter = 'string' | 'int' | 'float' | 'path';

interface Segment {
  literal?: string;
  param?: { name: string; converter: Converter };
}

/** A compiled Flask-style route pattern: '/hello/<name>', '/items/<int:id>', '/files/<path:p>'. */
export interface RoutePattern {
  source: string;
  match(path: string): PathParams | null;
}

const PARAM = /^<(?:(string|int|float|path):)?([A-Za-z_][A-Za-z0-9_]*)>$/;

function parseSegment(text: string, pattern: string): Segment {
  if (!text.includes('<')) return { literal: text };
  const found = PARAM.exec(text);
  if (!found?.[2]) {
    throw new UserFacingError(
      `The route "${pattern}" has a malformed part "${text}".`,
      'Write parameters as a whole path segment, e.g. "/hello/<name>", "/items/<int:id>", "/files/<path:rest>".',
    );
  }
  return { param: { name: found[2], converter: (found[1] ?? 'string') as Converter } };
}

function convert(value: string, converter: Converter): string | number | null {
  if (converter === 'int') return /^\d+$/.test(value) ? Number(value) : null;
  if (converter === 'float') return /^\d+\.\d+$/.test(value) ? Number(value) : null;
  return value;
}

export function compileRoute(pattern: string): RoutePattern {
  if (!pattern.startsWith('/')) {
    throw new UserFacingError(
      `The route "${pattern}" must start with "/".`,
      'Routes are paths under /api, e.g. api.route("/prediction", ...) answers /api/prediction.',
    );
  }
  const segments = pattern
    .split('/')
    .slice(1)
    .map((s) => parseSegment(s, pattern));
  const pathAt = segments.findIndex((s) => s.param?.converter === 'path');
  if (pathAt !== -1 && pathAt !== segments.length - 1) {
    throw new UserFacingError(`In "${pattern}", a <path:…> parameter must come last.`);
  }
  return {
    source: pattern,
    match(path) {
      const parts = path.split('/').slice(1);
      const params: PathParams = {};
      for (const [i, segment] of segments.entries()) {
        const part = parts[i];
        if (part === undefined) return null;
        if (segment.literal !== undefined) {
          if (segment.literal !== part) return null;
          continue;
        }
        const param = segment.param;
        if (!param) return null;
        const raw = param.converter === 'path' ? parts.slice(i).join('/') : part;
        if (raw === '') return null;
        let decoded: string;
        try {
          decoded = decodeURIComponent(raw);
        } catch {
          return null;
        }
        const value = convert(decoded, param.converter);
        if (value === null) return null;
        params[param.name] = value;
        if (param.converter === 'path') return params;
      }
      return parts.length === segments.length ? params : null;
    },
  };
}
