import { describe, expect, it } from 'vitest';
import { commandFor, type KeyPress } from '../command-keys';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('command-mode keys', () => {
  it('maps the Enter family to edit, run-advance, run and run-insert', () => {
    expect(commandFor(press('Enter'), null).command).toBe('edit');
    expect(commandFor(press('Enter', { shiftKey: true }), null).command).toBe('run-advance');
    expect(commandFor(press('Enter', { ctrlKey: true }), null).command).toBe('run');
    expect(commandFor(press('Enter', { metaKey: true }), null).command).toBe('run');
    expect(commandFor(press('Enter', { altKey: true }), null).command).toBe('run-insert');
  });

  it('deletes only on a second D in a row', () => {
    const first = commandFor(press('d'), null);
    expect(first).toEqual({ command: null, pending: 'd' });
    expect(commandFor(press('d'), first.pending).command).toBe('delete');
    // Any other key between the two D presses cancels.
    const between = commandFor(press('j'), first.pending);
    expect(commandFor(press('d'), between.pending)).toEqual({ command: null, pending: 'd' });
  });

  it('selects with arrows and J/K, inserts with A/B, changes type with M/Y', () => {
    expect(commandFor(press('ArrowUp'), null).command).toBe('select-previous');
    expect(commandFor(press('k'), null).command).toBe('select-previous');
    expect(commandFor(press('ArrowDown'), null).command).toBe('select-next');
    expect(commandFor(press('J'), null).command).toBe('select-next');
    expect(commandFor(press('a'), null).command).toBe('insert-above');
    expect(commandFor(press('b'), null).command).toBe('insert-below');
    expect(commandFor(press('m'), null).command).toBe('to-markdown');
    expect(commandFor(press('y'), null).command).toBe('to-code');
    expect(commandFor(press('z'), null).command).toBe('undo-delete');
    expect(commandFor(press('h'), null).command).toBe('shortcuts');
  });

  it("leaves the browser's own shortcuts alone", () => {
    expect(commandFor(press('a', { ctrlKey: true }), null).command).toBeNull();
    expect(commandFor(press('c', { metaKey: true }), null).command).toBeNull();
    expect(commandFor(press('ArrowDown', { shiftKey: true }), null).command).toBeNull();
    expect(commandFor(press('Tab'), null).command).toBeNull();
  });
});
