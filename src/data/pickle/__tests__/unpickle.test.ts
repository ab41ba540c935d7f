import { describe, expect, it } from 'vitest';
import { isDict, isTuple, type PyValue, type UnpickleProfile, unpickle } from '../unpickle';

/** Hex of `pickle.dumps(v, protocol=p)` by CPython 3.11 (Debian's /usr/bin/python3), where
 *  v = {'ints': [0, 1, 255, 256, 65535, 65536, -1, -2**31, 2**40, 2**70, -2**70],
 *       'floats': (0.5, -1e300), 'text': 'héllo',
 *       'nested': {'t': (1, (2, 3)), 'none': None, 'flags': [True, False]},
 *       'shared': (s, s)} with s = [1, 2]. */
const PICKLED: Record<number, string> = {
  2: '80027d7100285804000000696e747371015d7102284b004b014bff4d00014dffff4a000001004affffffff4a000000808a060000000000018a090000000000000000408a090000000000000000c0655806000000666c6f6174737103473fe000000000000047fe37e43c8800759c8671045804000000746578747105580600000068c3a96c6c6f710658060000006e657374656471077d71082858010000007471094b014b024b0386710a86710b58040000006e6f6e65710c4e5805000000666c616773710d5d710e28888965755806000000736861726564710f5d7110284b014b02656810867111752e',
  4: '800495bc000000000000007d94288c04696e7473945d94284b004b014bff4d00014dffff4a000001004affffffff4a000000808a060000000000018a090000000000000000408a090000000000000000c0658c06666c6f61747394473fe000000000000047fe37e43c8800759c86948c0474657874948c0668c3a96c6c6f948c066e6573746564947d94288c0174944b014b024b03869486948c046e6f6e65944e8c05666c616773945d9428888965758c06736861726564945d94284b014b026568108694752e',
  5: '800595bc000000000000007d94288c04696e7473945d94284b004b014bff4d00014dffff4a000001004affffffff4a000000808a060000000000018a090000000000000000408a090000000000000000c0658c06666c6f61747394473fe000000000000047fe37e43c8800759c86948c0474657874948c0668c3a96c6c6f948c066e6573746564947d94288c0174944b014b024b03869486948c046e6f6e65944e8c05666c616773945d9428888965758c06736861726564945d94284b014b026568108694752e',
};
/** pickle.dumps(collections.OrderedDict([('a', 1)]), protocol=2) */
const ORDERED_DICT =
  '800263636f6c6c656374696f6e730a4f726465726564446963740a71002952710158010000006171024b01732e';

const hex = (h: string) => Uint8Array.from(h.match(/../g)!, (b) => Number.parseInt(b, 16));
const ascii = (s: string) => [...new TextEncoder().encode(s)];

class ReadError extends Error {}

/** A reader that allows one global and records every call it is asked to interpret. */
function profile(allowed: string[] = []): UnpickleProfile<never> & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    python2Str: 'text',
    allowed: new Set(allowed),
    refusal: 'which this test never allows',
    error: (found, at) => new ReadError(`${found} at byte ${at}`),
    call(fn) {
      calls.push(fn);
      return { kind: 'dict', entries: new Map() };
    },
  };
}

describe('the shared unpickler', () => {
  it.each([2, 4, 5])('reads the data CPython pickles at protocol %i', (protocol) => {
    const { value, end } = unpickle(hex(PICKLED[protocol]!), profile());
    expect(end).toBe(hex(PICKLED[protocol]!).length);
    if (!isDict(value)) throw new Error('not a dict');
    const get = (k: string) => value.entries.get(k);
    expect(get('ints')).toEqual([
      0,
      1,
      255,
      256,
      65535,
      65536,
      -1,
      -(2 ** 31),
      2 ** 40,
      2n ** 70n,
      -(2n ** 70n),
    ]);
    expect(get('floats')).toEqual({ kind: 'tuple', items: [0.5, -1e300] });
    expect(get('text')).toBe('héllo');
    expect(get('nested')).toEqual({
      kind: 'dict',
      entries: new Map<string, PyValue>([
        ['t', { kind: 'tuple', items: [1, { kind: 'tuple', items: [2, 3] }] }],
        ['none', null],
        ['flags', [true, false]],
      ]),
    });
    // The memo gives back the same object, as Python's does.
    const shared = get('shared');
    expect(isTuple(shared) && shared.items[0] === shared.items[1]).toBe(true);
  });

  it('hands an allowed call to the reader, which interprets it by name', () => {
    const p = profile(['collections.OrderedDict']);
    const { value } = unpickle(hex(ORDERED_DICT), p);
    expect(p.calls).toEqual(['collections.OrderedDict']);
    expect(isDict(value) && value.entries.get('a')).toBe(1);
  });

  it('stops at any global outside the allowed list, before it could be called', () => {
    // GLOBAL builtins.eval, then a string and REDUCE: eval('…') if this were Python's pickle.
    const evil = Uint8Array.from([
      0x80,
      0x02,
      0x63,
      ...ascii('builtins\neval\n'),
      0x8c,
      4,
      ...ascii('1+1;'),
      0x85,
      0x52,
      0x2e,
    ]);
    const p = profile(['collections.OrderedDict']);
    expect(() => unpickle(evil, p)).toThrow(
      'a reference to builtins.eval, which this test never allows at byte 2',
    );
    expect(p.calls).toEqual([]);
  });

  it('stops at a global named on the stack (protocol 4), however it is spelled', () => {
    // STACK_GLOBAL with module 'os' and name 'system'.
    const evil = Uint8Array.from([
      0x80,
      0x04,
      0x8c,
      2,
      ...ascii('os'),
      0x8c,
      6,
      ...ascii('system'),
      0x93,
      0x2e,
    ]);
    expect(() => unpickle(evil, profile())).toThrow(/a reference to os\.system/);
  });

  it('refuses a persistent id where the reader takes none, and opcodes it does not read', () => {
    const persid = Uint8Array.from([0x80, 0x02, 0x4b, 0x01, 0x51, 0x2e]);
    expect(() => unpickle(persid, profile())).toThrow(/a persistent id/);
    // INST (protocol 0's way to build any class) is not read at all.
    const inst = Uint8Array.from([0x28, 0x69, ...ascii('os\nsystem\n'), 0x2e]);
    expect(() => unpickle(inst, profile())).toThrow(
      /pickle opcode 0x69, which this reader does not read/,
    );
  });

  it('refuses a pickle cut short, saying where', () => {
    const whole = hex(PICKLED[2]!);
    expect(() => unpickle(whole.subarray(0, 40), profile())).toThrow(ReadError);
  });
});
