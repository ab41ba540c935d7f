import { describe, expect, it } from 'vitest';
import { CellSyntaxError, compileCell } from '../transpile';

describe('compileCell', () => {
  it('turns top-level declarations into assignments and lists their names', () => {
    const { names, body } = compileCell('const a: number = 1;\nlet b = 2, c = a + b;\nvar d;');
    expect(names).toEqual(['a', 'b', 'c', 'd']);
    expect(body).toBe('a = 1;\nb = 2; c = a + b;\nd = undefined;');
  });

  it('collects names from destructuring patterns, defaults and rest elements', () => {
    const { names } = compileCell('const { x, y: [z, ...rest], w = 3 } = obj;');
    expect(names).toEqual(['x', 'z', 'rest', 'w']);
  });

  it('keeps every line where it was, so error lines map back to the cell', () => {
    const source = 'interface P { a: number }\nconst p: P = {\n  a: 1,\n};\nthrow new Error("x");';
    const { body } = compileCell(source);
    expect(body.split('\n')).toHaveLength(source.split('\n').length);
    expect(body.split('\n')[4]).toContain('throw');
  });

  it('returns the value of the last expression statement', () => {
    expect(compileCell('const a = 1;\na + 1').body).toBe('a = 1;\nreturn (a + 1)');
    expect(compileCell('const a = 1;').body).toBe('a = 1;');
  });

  it('publishes function declarations while keeping them hoisted inside the cell', () => {
    const { names, body } = compileCell('f();\nfunction f() { return 1; }');
    expect(names).toEqual(['f']);
    expect(body.startsWith('globalThis["f"] = f;')).toBe(true);
  });

  it('assigns classes and rewrites imports to the kernel registry', () => {
    const { names, body, imports } = compileCell(
      "import * as tf from '@tensorflow/tfjs';\nimport { tensor } from '@tensorflow/tfjs';\nclass A {}",
    );
    expect(names).toEqual(['tf', 'tensor', 'A']);
    expect(imports).toEqual(['@tensorflow/tfjs', '@tensorflow/tfjs']);
    expect(body).toContain('tf = __kernelImport("@tensorflow/tfjs");');
    expect(body).toContain('tensor = __kernelImport("@tensorflow/tfjs")["tensor"];');
    expect(body).toContain('A = class A {};');
  });

  it('allows top-level await', () => {
    expect(compileCell('const v = await Promise.resolve(3);\nv').body).toBe(
      'v = await Promise.resolve(3);\nreturn (v)',
    );
  });

  it('reports a syntax error with the line and column in the cell', () => {
    try {
      compileCell('const a = 1;\nconst b = ;');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CellSyntaxError);
      expect((error as CellSyntaxError).line).toBe(2);
    }
  });

  it('reports a TypeScript syntax error from the type stripper with its line', () => {
    expect(() => compileCell('let x: = 3')).toThrow(CellSyntaxError);
  });
});
