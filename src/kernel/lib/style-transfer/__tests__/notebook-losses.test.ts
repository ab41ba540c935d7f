import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { type Node, parse } from 'acorn';
import { transform } from 'sucrase';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The chapter 5 notebooks write the book's Gram matrix and losses themselves (Exercises 5.03 and
 * 5.04 are about writing them), so these tests run the notebooks' own code: the declarations are
 * taken out of the cells, compiled as the kernel compiles TypeScript (sucrase), and fed the
 * features for which real PyTorch computed the book's numbers (fixtures/make-losses.py).
 */

interface Stored {
  shape: [number, number, number, number];
  values: number[];
}
interface Fixture {
  target: Record<string, Stored>;
  content: Record<string, Stored>;
  style: Record<string, Stored>;
  grams: Record<string, number[]>;
  content_loss: number;
  style_losses: number;
  total_loss: number;
}

type Features = Record<string, tf.Tensor4D>;
interface NotebookCode {
  gram_matrix(layer: tf.Tensor4D): tf.Tensor2D;
  loss_of_features(
    target: Features,
    content: Features,
    grams: Record<string, tf.Tensor2D>,
  ): tf.Scalar;
}

const WANTED = ['gram_matrix', 'loss_of_features', 'style_weights', 'alpha', 'beta'];

interface Declaration {
  type: string;
  start: number;
  end: number;
  id?: { name: string };
  declarations?: { id: { name?: string } }[];
}

function namesOf(node: Declaration): string[] {
  if (node.type === 'FunctionDeclaration') return node.id ? [node.id.name] : [];
  if (node.type === 'VariableDeclaration')
    return (node.declarations ?? []).map((d) => d.id.name ?? '');
  return [];
}

function notebookCode(path: string): NotebookCode {
  const notebook = JSON.parse(readFileSync(path, 'utf8')) as {
    cells: { cell_type: string; source: string[] }[];
  };
  const source = notebook.cells
    .filter((c) => c.cell_type === 'code')
    .map((c) => c.source.join(''))
    .join('\n');
  const js = transform(source, { transforms: ['typescript'] }).code;
  const program = parse(js, {
    ecmaVersion: 'latest',
    sourceType: 'module',
    allowAwaitOutsideFunction: true,
  }) as Node & { body: Declaration[] };
  const picked = program.body.filter((n) => namesOf(n).some((name) => WANTED.includes(name)));
  const found = picked.flatMap(namesOf);
  expect(found.sort(), `${path} declares the book's functions and weights`).toEqual(
    [...WANTED].sort(),
  );
  const code = picked.map((n) => js.slice(n.start, n.end)).join('\n');
  // The defaults of loss_of_features name the notebook's globals; the tests pass every argument.
  const make = new Function(
    'tf',
    'content_features',
    'style_grams',
    `${code}\nreturn { gram_matrix, loss_of_features };`,
  ) as (t: typeof tf, c: unknown, g: unknown) => NotebookCode;
  return make(tf, undefined, undefined);
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/losses.json', import.meta.url), 'utf8'),
) as Fixture;

const tensors = (stored: Record<string, Stored>): Features =>
  Object.fromEntries(
    Object.entries(stored).map(([name, t]) => [name, tf.tensor4d(t.values, t.shape)]),
  );

const relative = (ours: number, theirs: number) => Math.abs(ours - theirs) / Math.abs(theirs);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.each([
  'notebooks/pytorch-workshop/ch05-style-transfer.ipynb',
  'notebooks/pytorch-workshop/ch05-activity-style-transfer.ipynb',
])('%s', (path) => {
  const code = notebookCode(path);

  it("gram_matrix of channels-last features is PyTorch's F·Fᵀ of the same layer in NCHW", () => {
    for (const [name, grams] of Object.entries(fixture.grams)) {
      const layer = tensors({ [name]: fixture.style[name]! })[name]!;
      const gram = code.gram_matrix(layer);
      const c = layer.shape[3];
      expect(gram.shape).toEqual([c, c]);
      const values = gram.dataSync();
      const worst = Math.max(
        ...grams.map((v, i) => Math.abs(values[i]! - v) / (Math.abs(v) + 1e-3)),
      );
      expect(worst, name).toBeLessThan(1e-5);
      tf.dispose([layer, gram]);
    }
  });

  it("the total loss (α·content + β·Σ w·mean((G_T − G_S)²)/(d1·d2·d3)) is PyTorch's", () => {
    const target = tensors(fixture.target);
    const content = tensors(fixture.content);
    const style = tensors(fixture.style);
    const grams = Object.fromEntries(
      Object.entries(style).map(([name, f]) => [name, code.gram_matrix(f)]),
    );
    const total = code.loss_of_features(target, content, grams).dataSync()[0]!;
    expect(relative(total, fixture.total_loss)).toBeLessThan(1e-5);
    // Against the target's own Grams the style term is exactly 0: what is left is the content loss.
    const ownGrams = Object.fromEntries(
      Object.entries(target).map(([name, f]) => [name, code.gram_matrix(f)]),
    );
    const contentOnly = code.loss_of_features(target, content, ownGrams).dataSync()[0]!;
    expect(relative(contentOnly, fixture.content_loss)).toBeLessThan(1e-5);
    tf.dispose(Object.values(ownGrams));
    tf.dispose([...Object.values(target), ...Object.values(content), ...Object.values(style)]);
    tf.dispose(Object.values(grams));
  });
});
