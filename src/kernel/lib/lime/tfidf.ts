import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '@/utils/errors';

/**
 * scikit-learn's `TfidfVectorizer` with its defaults: tokens of two or more word characters
 * (`(?u)\b\w\w+\b`), raw counts × smoothed idf `ln((1 + n)/(1 + df)) + 1`, each row scaled to
 * unit L2 length. Output is a dense float32 tensor, made for the rows asked for only, so a
 * 5,000-sample LIME run is vectorised a chunk at a time.
 */

export interface TfidfOptions {
  /** Lower-case before tokenising (scikit-learn's default true; LIME's tutorial uses false). */
  lowercase?: boolean;
  /** Drop terms found in fewer documents (scikit-learn's `min_df` as a count; default 1). */
  minDf?: number;
  /** Keep only the most frequent terms over the corpus (scikit-learn's `max_features`). */
  maxFeatures?: number;
}

// \w in JavaScript is ASCII only; Python 3's is Unicode, so letters, digits and _ of any script.
const TOKEN = /[\p{L}\p{N}_]{2,}/gu;

export function tokenize(text: string, lowercase = true): string[] {
  return (lowercase ? text.toLowerCase() : text).match(TOKEN) ?? [];
}

export class TfidfVectorizer {
  readonly options: Required<Omit<TfidfOptions, 'maxFeatures'>> & { maxFeatures?: number };
  /** Term → column, columns in the terms' sorted order (scikit-learn's `vocabulary_`). */
  vocabulary = new Map<string, number>();
  /** Column → term (`get_feature_names_out()`). */
  features: string[] = [];
  idf = new Float32Array(0);

  constructor(options: TfidfOptions = {}) {
    this.options = {
      lowercase: options.lowercase ?? true,
      minDf: options.minDf ?? 1,
      ...(options.maxFeatures === undefined ? {} : { maxFeatures: options.maxFeatures }),
    };
  }

  fit(texts: readonly string[]): this {
    const df = new Map<string, number>();
    const total = new Map<string, number>();
    for (const text of texts) {
      const tokens = tokenize(text, this.options.lowercase);
      for (const t of tokens) total.set(t, (total.get(t) ?? 0) + 1);
      for (const t of new Set(tokens)) df.set(t, (df.get(t) ?? 0) + 1);
    }
    let terms = [...df.keys()].filter((t) => (df.get(t) ?? 0) >= this.options.minDf);
    const { maxFeatures } = this.options;
    if (maxFeatures !== undefined && terms.length > maxFeatures) {
      terms = terms
        .sort((a, b) => (total.get(b) ?? 0) - (total.get(a) ?? 0) || (a < b ? -1 : 1))
        .slice(0, maxFeatures);
    }
    if (terms.length === 0) {
      throw new UserFacingError(
        'TfidfVectorizer.fit: the documents have no terms (no word of two or more letters or digits).',
        'Give it the texts themselves; empty documents leave an empty vocabulary.',
      );
    }
    terms.sort();
    this.features = terms;
    this.vocabulary = new Map(terms.map((t, i) => [t, i]));
    const n = texts.length;
    this.idf = Float32Array.from(terms, (t) => Math.log((1 + n) / (1 + (df.get(t) ?? 0))) + 1);
    return this;
  }

  /** The TF-IDF rows of these texts as plain arrays (the tensor's values). */
  rows(texts: readonly string[]): Float32Array {
    this.assertFitted();
    const width = this.features.length;
    const out = new Float32Array(texts.length * width);
    texts.forEach((text, r) => {
      const row = out.subarray(r * width, (r + 1) * width);
      for (const t of tokenize(text, this.options.lowercase)) {
        const col = this.vocabulary.get(t);
        if (col !== undefined) row[col]! += 1;
      }
      let norm = 0;
      for (let c = 0; c < width; c++) {
        if (row[c] !== 0) {
          row[c]! *= this.idf[c]!;
          norm += row[c]! * row[c]!;
        }
      }
      if (norm > 0) {
        const scale = 1 / Math.sqrt(norm);
        for (let c = 0; c < width; c++) if (row[c] !== 0) row[c]! *= scale;
      }
    });
    return out;
  }

  transform(texts: readonly string[]): tf.Tensor2D {
    return tf.tensor2d(this.rows(texts), [texts.length, this.features.length]);
  }

  fitTransform(texts: readonly string[]): tf.Tensor2D {
    return this.fit(texts).transform(texts);
  }

  private assertFitted(): void {
    if (this.features.length === 0) {
      throw new UserFacingError(
        'TfidfVectorizer: transform before fit.',
        'Call vectorizer.fit(trainingTexts) (or fitTransform) first, on the training split only.',
      );
    }
  }
}
