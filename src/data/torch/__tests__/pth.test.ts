/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { halfToFloat, readPth } from '../pth';

// Made by PyTorch itself: fixtures/make-fixtures.py (Debian's python3-torch).
const FIXTURES = join(__dirname, 'fixtures');
const bytes = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
const expected = (name: string) =>
  JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Record<
    string,
    { shape: number[]; dtype: string; values: number[] }
  >;

describe.each(['zip', 'legacy'] as const)('readPth, %s format', (format) => {
  it.each(['mlp', 'cnn', 'views', 'classifier'])(
    'reads %s with the names, shapes, dtypes and values PyTorch saved',
    (name) => {
      const file = readPth(`${name}.pth`, bytes(`${name}.${format}.pth`));
      expect(file.format).toBe(format);
      const want = expected(name);
      expect([...file.stateDict.keys()]).toEqual(Object.keys(want));
      for (const [key, w] of Object.entries(want)) {
        const got = file.stateDict.get(key)!;
        expect(got.shape, key).toEqual(w.shape);
        expect(got.dtype, key).toBe(w.dtype);
        const values = Array.from(got.values);
        for (const [i, v] of w.values.entries())
          expect(values[i], `${key}[${i}]`).toBeCloseTo(v, 6);
      }
    },
  );

  it('refuses a file cut short, naming it', () => {
    const whole = bytes(`mlp.${format}.pth`);
    expect(() => readPth('cut.pth', whole.subarray(0, whole.length - 20))).toThrow(/cut\.pth/);
  });
});

describe("the book's checkpoint.pth (Activity 3.03)", () => {
  it('finds the state dict under "state_dict" beside the input size, as the book saves it', () => {
    const path = join(__dirname, 'fixtures/checkpoint.pth');
    const file = readPth('checkpoint.pth', new Uint8Array(readFileSync(path)));
    expect(file.foundUnder).toBe('state_dict');
    expect([...file.stateDict.keys()]).toEqual(
      ['hidden_1', 'hidden_2', 'hidden_3', 'hidden_4', 'output'].flatMap((m) => [
        `${m}.weight`,
        `${m}.bias`,
      ]),
    );
    expect(file.stateDict.get('hidden_1.weight')!.shape).toEqual([100, 22]);
  });
});

describe('readPth refusals', () => {
  it('refuses a pickle that calls anything but a tensor rebuild, running nothing', () => {
    // pickle.dumps(os.system, protocol 2) followed by a call: the classic hostile pickle.
    const call = [0x58, 2, 0, 0, 0, 0x6c, 0x73, 0x85, 0x52, 0x2e]; // 'ls', TUPLE1, REDUCE, STOP
    const evil = Uint8Array.from([
      ...[0x80, 0x02, 0x63],
      ...new TextEncoder().encode('posix\nsystem\n'),
      ...call,
    ]);
    expect(() => readPth('evil.pth', evil)).toThrow(/not a PyTorch weights file/);
  });

  it('refuses a zip that is not a torch.save archive', () => {
    const zip = bytes('mlp.zip.pth');
    const renamed = zip.slice();
    // Rename every "data.pkl" so the archive has none.
    const text = new TextEncoder().encode('data.pkl');
    for (let i = 0; i + text.length <= renamed.length; i++)
      if (text.every((b, j) => renamed[i + j] === b)) renamed[i] = 0x44;
    expect(() => readPth('other.zip', renamed)).toThrow(/without the <name>\/data\.pkl/);
  });

  it('decodes half floats as IEEE 754 binary16', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(halfToFloat(0x0001)).toBeCloseTo(5.96e-8, 10);
  });
});
