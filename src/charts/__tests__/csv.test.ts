import { describe, expect, it } from 'vitest';
import { pointsToCsv } from '../csv';
import { batch, epochEnd } from './points';

describe('pointsToCsv', () => {
  it('writes one row per point and one column per metric, blanks where a point lacks one', () => {
    const csv = pointsToCsv([
      batch(1, { loss: 0.9, acc: 0.5 }),
      epochEnd(1, 0, { loss: 0.85, val_loss: 0.95 }),
    ]);
    expect(csv).toBe(
      ['step,epoch,kind,loss,acc,val_loss', '1,0,batch,0.9,0.5,', '1,0,epoch,0.85,,0.95', ''].join(
        '\n',
      ),
    );
  });

  it('writes NaN losses as NaN, not as an empty field', () => {
    expect(pointsToCsv([batch(3, { loss: NaN })])).toBe('step,epoch,kind,loss\n3,0,batch,NaN\n');
  });

  it('quotes metric names that contain commas or quotes', () => {
    expect(pointsToCsv([batch(1, { 'f1,macro': 1, 'a"b': 2 })]).split('\n')[0]).toBe(
      'step,epoch,kind,"f1,macro","a""b"',
    );
  });

  it('writes just the header for a chart without points', () => {
    expect(pointsToCsv([])).toBe('step,epoch,kind\n');
  });
});
