import { UserFacingError } from '@/utils/errors';
import { displayBundle } from '../../display';
import { plot } from '../plot';
import { progress } from '../progress';
import { Rng } from '../search/rng';
import { yieldToEventLoop } from '../yield';
import { weightedRidge } from './ridge';

/**
 * LIME's `LimeTextExplainer` (Ribeiro, Singh & Guestrin 2016; lime 0.2's lime_text.py and
 * lime_base.py), the algorithm the Finance book's listing 8-2 calls:
 * 1. split the text into words (`\W+`), each distinct word one feature (bag of words);
 * 2. sample 5,000 neighbours: the text itself, then copies with k random distinct words removed
 *    everywhere, k uniform in 1…d;
 * 3. ask the black box for their class probabilities;
 * 4. weight each neighbour by `sqrt(exp(−D²/25²))`, D = 100 × the cosine distance of its
 *    presence vector to the all-ones one;
 * 5. choose `numFeatures` words by forward selection (≤ 6 features; else the largest ridge
 *    weights), fit `Ridge(alpha=1)` on them with those weights: its coefficients are the
 *    explanation of the chosen class.
 */

export type ClassifierFn = (texts: string[]) => Promise<ArrayLike<number>[]> | ArrayLike<number>[];

export interface ExplainOptions {
  /** Words in the explanation (LIME's `num_features`, default 10; the book: 6). */
  numFeatures?: number;
  /** Neighbours sampled (default 5,000, LIME's). */
  numSamples?: number;
  /** The class explained, by index (LIME's `labels=(1,)`: default 1). */
  label?: number;
  /** Texts sent to the classifier per call (memory, not the result). */
  batchSize?: number;
  /** Seed of the sampler (LIME's `random_state`). */
  seed?: number;
}

export interface LimeTextExplainerOptions {
  classNames?: string[];
  /** The exponential kernel's width (default 25, LIME's). */
  kernelWidth?: number;
  /** Feature selection: 'auto' (forward selection up to 6 features), 'forward', 'highest'. */
  featureSelection?: 'auto' | 'forward' | 'highest';
}

export interface WordWeight {
  word: string;
  weight: number;
}

const SEPARATOR = /([^\p{L}\p{N}_]+)/u;

/** The text as alternating words and separators (LIME's IndexedString with bow=True). */
export function splitWords(text: string): { parts: string[]; isWord: boolean[]; vocab: string[] } {
  const parts = text.split(SEPARATOR).filter((p) => p !== '');
  const isWord = parts.map((p) => !SEPARATOR.test(p));
  const vocab: string[] = [];
  const seen = new Set<string>();
  parts.forEach((p, i) => {
    if (isWord[i] && !seen.has(p)) {
      seen.add(p);
      vocab.push(p);
    }
  });
  return { parts, isWord, vocab };
}

export class TextExplanation {
  constructor(
    readonly text: string,
    readonly classNames: string[],
    readonly label: number,
    /** The classifier's probabilities for the text itself. */
    readonly predictProba: number[],
    /** The chosen words with their weights, largest |weight| first (`as_list()`). */
    readonly weights: WordWeight[],
    readonly intercept: number,
    /** The surrogate's weighted R² on the neighbourhood. */
    readonly score: number,
    /** The surrogate's prediction for the text itself. */
    readonly localPred: number,
    readonly numSamples: number,
  ) {}

  asList(): [string, number][] {
    return this.weights.map((w) => [w.word, w.weight]);
  }

  /** A bar chart of the weights and the text with the chosen words highlighted (`show_in_notebook`). */
  showInNotebook(options: { maxChars?: number } = {}): void {
    const name = this.classNames[this.label] ?? `class ${this.label}`;
    const other = this.classNames.length === 2 ? this.classNames[1 - this.label] : `not ${name}`;
    const ordered = [...this.weights].reverse();
    plot(
      [
        {
          type: 'bar',
          orientation: 'h',
          x: ordered.map((w) => w.weight),
          y: ordered.map((w) => w.word),
          marker: { color: ordered.map((w) => (w.weight > 0 ? '#ff7f0e' : '#1f77b4')) },
          name: 'weight',
        },
      ],
      {
        title: `LIME: words for ${name} (orange) and ${other} (blue)`,
        xaxis: { title: 'weight in the local linear model' },
        margin: { l: 120 },
        height: 320,
      },
    );
    displayBundle({
      'text/markdown': highlighted(this, options.maxChars ?? 4000),
      'text/plain': this.text,
    });
  }
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function highlighted(e: TextExplanation, maxChars: number): string {
  const byWord = new Map(e.weights.map((w) => [w.word, w.weight]));
  const { parts, isWord } = splitWords(e.text);
  let html = '';
  let chars = 0;
  for (let i = 0; i < parts.length && chars < maxChars; i++) {
    const part = parts[i]!;
    chars += part.length;
    const weight = isWord[i] ? byWord.get(part) : undefined;
    html +=
      weight === undefined
        ? escapeHtml(part)
        : `<mark title="${weight.toFixed(4)}" style="background:${weight > 0 ? '#ffd2a6' : '#b9d7f0'}">${escapeHtml(part)}</mark>`;
  }
  const cut = chars < e.text.length ? `\n… (${e.text.length - chars} more characters)` : '';
  const name = e.classNames[e.label] ?? `class ${e.label}`;
  return `**The post, words of the explanation highlighted** (orange: for ${name}; blue: against)\n\n<pre class="lime-text">${html}${escapeHtml(cut)}</pre>`;
}

export class LimeTextExplainer {
  readonly classNames: string[];
  readonly kernelWidth: number;
  readonly featureSelection: 'auto' | 'forward' | 'highest';

  constructor(options: LimeTextExplainerOptions = {}) {
    this.classNames = options.classNames ?? [];
    this.kernelWidth = options.kernelWidth ?? 25;
    this.featureSelection = options.featureSelection ?? 'auto';
  }

  async explainInstance(
    text: string,
    classifierFn: ClassifierFn,
    options: ExplainOptions = {},
  ): Promise<TextExplanation> {
    const numFeatures = options.numFeatures ?? 10;
    const numSamples = options.numSamples ?? 5000;
    const label = options.label ?? 1;
    const batchSize = options.batchSize ?? 500;
    if (!Number.isInteger(numSamples) || numSamples < 2) {
      throw new UserFacingError(
        `explainInstance: numSamples must be a whole number ≥ 2, got ${numSamples}.`,
        'LIME samples the text itself and its neighbours; its default is 5000.',
      );
    }
    const rng = new Rng(options.seed ?? 0);
    const { parts, isWord, vocab } = splitWords(text);
    const d = vocab.length;
    const index = new Map(vocab.map((w, i) => [w, i]));
    // Row s, column j: 1 when word j is still in neighbour s.
    const mask = new Uint8Array(numSamples * d).fill(1);
    const texts: string[] = [text];
    for (let s = 1; s < numSamples && d > 0; s++) {
      const remove = 1 + rng.int(d);
      const order = Array.from({ length: d }, (_, i) => i);
      for (let i = 0; i < remove; i++) {
        const j = i + rng.int(d - i);
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
        mask[s * d + order[i]!] = 0;
      }
      const row = mask.subarray(s * d, (s + 1) * d);
      texts.push(parts.map((p, i) => (isWord[i] && row[index.get(p)!] === 0 ? '' : p)).join(''));
    }
    while (texts.length < numSamples) texts.push(text);

    const probs: number[] = [];
    let first: number[] = [];
    const bar = progress(numSamples, { label: 'LIME: classifying neighbours', unit: 'texts' });
    try {
      for (let at = 0; at < numSamples; at += batchSize) {
        const out = await classifierFn(texts.slice(at, at + batchSize));
        out.forEach((p, i) => {
          if (at + i === 0) first = Array.from(p);
          probs.push(p[label] ?? Number.NaN);
        });
        bar.update(Math.min(numSamples, at + batchSize));
        await yieldToEventLoop();
      }
      bar.finish();
    } catch (error) {
      bar.stop();
      throw error;
    }
    if (probs.length !== numSamples || !probs.every(Number.isFinite)) {
      throw new UserFacingError(
        `explainInstance: the classifier gave ${probs.length} rows for ${numSamples} texts, or no finite probability for class ${label}.`,
        'classifierFn(texts) must return one row of class probabilities per text (predict_proba).',
      );
    }

    // Distances: 100 × cosine distance of each presence vector to the all-ones one.
    const weights = new Float64Array(numSamples);
    for (let s = 0; s < numSamples; s++) {
      let on = 0;
      for (let j = 0; j < d; j++) on += mask[s * d + j]!;
      const cos = d === 0 || on === 0 ? 0 : on / Math.sqrt(on * d);
      const dist = d === 0 ? 0 : (1 - cos) * 100;
      weights[s] = Math.sqrt(Math.exp(-(dist * dist) / (this.kernelWidth * this.kernelWidth)));
    }
    const k = Math.min(numFeatures, d);
    const columns = (used: number[]) => {
      const x = new Float64Array(numSamples * used.length);
      for (let s = 0; s < numSamples; s++)
        used.forEach((j, c) => {
          x[s * used.length + c] = mask[s * d + j]!;
        });
      return x;
    };
    const forward =
      this.featureSelection === 'forward' || (this.featureSelection === 'auto' && k <= 6);
    let used: number[] = [];
    if (forward) {
      for (let step = 0; step < k; step++) {
        let best = -1;
        let bestScore = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < d; j++) {
          if (used.includes(j)) continue;
          const trial = [...used, j];
          const fit = weightedRidge(columns(trial), numSamples, trial.length, probs, weights, 0);
          if (fit.score > bestScore) {
            bestScore = fit.score;
            best = j;
          }
        }
        used.push(best);
        await yieldToEventLoop();
      }
    } else {
      const all = Array.from({ length: d }, (_, j) => j);
      const fit = weightedRidge(columns(all), numSamples, d, probs, weights, 0.01);
      used = all.sort((a, b) => Math.abs(fit.coef[b]!) - Math.abs(fit.coef[a]!)).slice(0, k);
    }
    const fit = weightedRidge(columns(used), numSamples, used.length, probs, weights, 1);
    const chosen = used
      .map((j, c) => ({ word: vocab[j]!, weight: fit.coef[c]! }))
      .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
    return new TextExplanation(
      text,
      this.classNames,
      label,
      first,
      chosen,
      fit.intercept,
      fit.score,
      fit.predictions[0] ?? fit.intercept,
      numSamples,
    );
  }
}
