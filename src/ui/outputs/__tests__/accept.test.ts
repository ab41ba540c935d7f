import { describe, expect, it } from 'vitest';
import { acceptsFile, MAX_UPLOAD_BYTES, refuseBySize } from '../accept';

describe('files offered to an upload prompt', () => {
  it('refuses a file larger than a tab can hold before reading it, saying its size', () => {
    const huge = { name: 'YearPredictionMSD-full.csv', size: 2.2 * 1024 ** 3 };
    expect(refuseBySize(huge)).toMatch(/YearPredictionMSD-full\.csv is 2\.2 GB, over the 1\.5 GB/);
    expect(refuseBySize({ name: 'ok.csv', size: MAX_UPLOAD_BYTES })).toBeNull();
  });

  it('matches extensions, compound extensions and MIME patterns as the picker does', () => {
    expect(acceptsFile({ name: 'A.CSV', type: '' }, ['.csv'])).toBe(true);
    expect(acceptsFile({ name: 'a.csv.gz', type: '' }, ['.csv.gz'])).toBe(true);
    expect(acceptsFile({ name: 'a.png', type: 'image/png' }, ['image/*'])).toBe(true);
    expect(acceptsFile({ name: 'a.txt', type: 'text/plain' }, ['.csv', '.xlsx'])).toBe(false);
  });
});
