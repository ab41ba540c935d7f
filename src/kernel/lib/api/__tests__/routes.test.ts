import { describe, expect, it } from 'vitest';
import { compileRoute } from '../routes';

describe('Flask-style route patterns', () => {
  it('matches literal paths exactly', () => {
    const route = compileRoute('/prediction');
    expect(route.match('/prediction')).toEqual({});
    expect(route.match('/prediction/extra')).toBeNull();
    expect(route.match('/predictions')).toBeNull();
  });

  it('captures <name> segments, URL-decoded', () => {
    const route = compileRoute('/<name>');
    expect(route.match('/your_name')).toEqual({ name: 'your_name' });
    expect(route.match('/J%C3%BCrgen')).toEqual({ name: 'Jürgen' });
    expect(route.match('/a/b')).toBeNull();
    expect(route.match('/')).toBeNull();
  });

  it('converts <int:…> and <float:…> like Flask, refusing other text', () => {
    const route = compileRoute('/items/<int:id>/scale/<float:factor>');
    expect(route.match('/items/42/scale/1.5')).toEqual({ id: 42, factor: 1.5 });
    expect(route.match('/items/4x2/scale/1.5')).toBeNull();
    expect(route.match('/items/42/scale/2')).toBeNull();
  });

  it('lets a trailing <path:…> take the rest of the path', () => {
    expect(compileRoute('/files/<path:rest>').match('/files/a/b/c.csv')).toEqual({
      rest: 'a/b/c.csv',
    });
  });

  it('refuses malformed patterns with a message naming the part', () => {
    expect(() => compileRoute('prediction')).toThrow(/must start with "\/"/);
    expect(() => compileRoute('/x<name>')).toThrow(/malformed part "x<name>"/);
    expect(() => compileRoute('/<path:p>/more')).toThrow(/must come last/);
  });
});
