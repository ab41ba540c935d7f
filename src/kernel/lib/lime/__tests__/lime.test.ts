import '../../checkpoint/__tests__/worker-globals';
import { describe, expect, it } from 'vitest';
import { LimeTextExplainer, splitWords } from '../lime-text';
import { weightedRidge } from '../ridge';
import { TfidfVectorizer, tokenize } from '../tfidf';

describe('TfidfVectorizer (scikit-learn defaults)', () => {
  it('gives smoothed idf and unit-length rows, terms sorted', () => {
    const v = new TfidfVectorizer().fit(['The cat sat', 'the dog']);
    expect(v.features).toEqual(['cat', 'dog', 'sat', 'the']);
    // idf = ln((1 + n)/(1 + df)) + 1: 'the' in both docs → 1; 'cat' in one → ln(3/2) + 1.
    expect(v.idf[3]).toBeCloseTo(1, 6);
    expect(v.idf[0]).toBeCloseTo(Math.log(1.5) + 1, 6);
    const rows = v.rows(['the cat sat', 'a']);
    const c = Math.log(1.5) + 1;
    const norm = Math.sqrt(2 * c * c + 1);
    expect(Array.from(rows.subarray(0, 4)).map((x) => +x.toFixed(6))).toEqual(
      [c / norm, 0, c / norm, 1 / norm].map((x) => +x.toFixed(6)),
    );
    // A document with no known term is a zero row, as in scikit-learn.
    expect(Array.from(rows.subarray(4))).toEqual([0, 0, 0, 0]);
  });

  it('tokenises as (?u)\\b\\w\\w+\\b: two or more word characters, case kept when asked', () => {
    expect(tokenize('From: a@rice.edu (J. Doe) NNTP-Posting-Host', false)).toEqual([
      'From',
      'rice',
      'edu',
      'Doe',
      'NNTP',
      'Posting',
      'Host',
    ]);
  });

  it('keeps min_df and max_features', () => {
    const v = new TfidfVectorizer({ minDf: 2 }).fit(['aa bb', 'aa cc', 'aa bb']);
    expect(v.features).toEqual(['aa', 'bb']);
    expect(new TfidfVectorizer({ maxFeatures: 1 }).fit(['aa bb', 'aa']).features).toEqual(['aa']);
  });
});

describe('weightedRidge', () => {
  it('recovers an exact linear relation (alpha 0) and shrinks with alpha', () => {
    const n = 50;
    const x = new Float64Array(n * 2);
    const y: number[] = [];
    const w: number[] = [];
    for (let i = 0; i < n; i++) {
      x[2 * i] = i % 2;
      x[2 * i + 1] = Math.floor(i / 2) % 3;
      y.push(0.5 + 2 * x[2 * i]! - 0.25 * x[2 * i + 1]!);
      w.push(1 + (i % 5));
    }
    const exact = weightedRidge(x, n, 2, y, w, 0);
    expect(exact.coef[0]).toBeCloseTo(2, 9);
    expect(exact.coef[1]).toBeCloseTo(-0.25, 9);
    expect(exact.intercept).toBeCloseTo(0.5, 9);
    expect(exact.score).toBeCloseTo(1, 9);
    const shrunk = weightedRidge(x, n, 2, y, w, 10);
    expect(Math.abs(shrunk.coef[0]!)).toBeLessThan(2);
  });
});

describe('LimeTextExplainer', () => {
  it('splits like IndexedString(bow=True): distinct words in order', () => {
    expect(splitWords('a b, a.').vocab).toEqual(['a', 'b']);
  });

  it('finds the word the black box keys on, with the sign of its effect', async () => {
    // The black box: class 1 when the post comes from rice.edu, a little less when it says "God".
    const box = (texts: string[]) =>
      texts.map((t) => {
        const p = 0.1 + (/\brice\b/.test(t) ? 0.7 : 0) - (/\bGod\b/.test(t) ? 0.05 : 0);
        return [1 - p, p];
      });
    const text = 'From: jdoe@rice.edu Subject: God and the bible Organization: Rice University';
    const explainer = new LimeTextExplainer({ classNames: ['atheism', 'christian'] });
    const e = await explainer.explainInstance(text, box, {
      numFeatures: 3,
      numSamples: 2000,
      seed: 1,
    });
    expect(e.weights[0]!.word).toBe('rice');
    expect(e.weights[0]!.weight).toBeGreaterThan(0.5);
    expect(e.weights.find((w) => w.word === 'God')?.weight ?? -1).toBeLessThan(0);
    expect(e.predictProba[1]).toBeCloseTo(0.75, 6);
    expect(e.score).toBeGreaterThan(0.9);
  });

  it('explains an empty text with no words instead of failing', async () => {
    const e = await new LimeTextExplainer().explainInstance('', (t) => t.map(() => [0.5, 0.5]), {
      numFeatures: 6,
      numSamples: 10,
    });
    expect(e.weights).toEqual([]);
  });
});
