import './data-sets.css';
import { useEffect, useState } from 'react';
import { DATASETS, type DatasetEntry, type DatasetFile } from '@/data/registry';
import { datasetCacheKey, listFiles } from '@/storage/data-files';
import { formatBytes } from '@/ui/checkpoints/format';

/** Every shipped file's size, for the totals at the top. */
const shippedTotal = DATASETS.flatMap((d) => d.files).reduce(
  (n, f) => n + (f.shipped?.bytes ?? 0),
  0,
);

function FileRow({
  entry,
  file,
  cached,
}: {
  entry: DatasetEntry;
  file: DatasetFile;
  cached: boolean;
}) {
  return (
    <tr data-file={file.name} data-shipped={file.shipped ? 'yes' : 'no'}>
      <td>
        <code>{file.name}</code>
        {file.note && <div className="muted">{file.note}</div>}
      </td>
      <td>{file.bytes !== undefined ? formatBytes(file.bytes) : '—'}</td>
      <td>
        {file.shipped ? (
          <>
            yes, {formatBytes(file.shipped.bytes)}
            {cached && <div className="muted">kept in this browser</div>}
          </>
        ) : (
          <>
            no: get it from <a href={file.url ?? entry.url}>{file.url ?? entry.url}</a>
            {cached && <div className="muted">kept in this browser</div>}
          </>
        )}
      </td>
      <td className="muted">{file.provenance ?? '—'}</td>
    </tr>
  );
}

/**
 * The credits of the book data sets: who made each, its licence, where it comes from, how to
 * cite it, and which files ship with the app. Read from the registry the kernel loads by.
 */
export function DataSets() {
  const [cached, setCached] = useState<Set<string>>(new Set());
  useEffect(() => {
    listFiles()
      .then((files) => setCached(new Set(files.map((f) => f.name))))
      .catch(() => setCached(new Set()));
  }, []);

  return (
    <section className="your-data data-sets" data-testid="data-sets">
      <h1>Book data sets: sources and credits</h1>
      <p>
        The data sets below ship with the app ({formatBytes(shippedTotal)} in all, compressed) where
        their licence allows it. A notebook downloads one only when a cell asks for it (
        <code>data.load(id)</code>, <code>data.bytes(id, file)</code>); it is then kept in this
        browser (see <a href="#/settings/your-data">Your data &amp; storage</a>) and works offline.
        Your own copies in the project's <code>data/</code> folder are used first.
      </p>
      <p>
        Not shipped, so a cell asks you for the file and says where to get it: the full CIFAR-10
        (170 MB), the full YearPredictionMSD (515,345 rows; the app ships its first 1,176 rows as a
        sample), pretrained weights, and the style-transfer photographs and paintings, whose rights
        are unclear.
      </p>
      {DATASETS.map((entry) => (
        <article key={entry.id} className="data-set" data-dataset={entry.id}>
          <h2>{entry.title}</h2>
          <dl className="data-set-facts">
            <dt>id</dt>
            <dd>
              <code>{entry.id}</code>
            </dd>
            {entry.authors && (
              <>
                <dt>authors</dt>
                <dd>{entry.authors}</dd>
              </>
            )}
            <dt>licence</dt>
            <dd>{entry.licence}</dd>
            <dt>source</dt>
            <dd>
              <a href={entry.url}>{entry.url}</a>
            </dd>
            <dt>cite</dt>
            <dd>{entry.citation}</dd>
          </dl>
          <table className="your-data-table">
            <thead>
              <tr>
                <th>file</th>
                <th>size</th>
                <th>shipped</th>
                <th>these bytes come from</th>
              </tr>
            </thead>
            <tbody>
              {entry.files.map((file) => (
                <FileRow
                  key={file.name}
                  entry={entry}
                  file={file}
                  cached={cached.has(datasetCacheKey(entry.id, file.name))}
                />
              ))}
            </tbody>
          </table>
        </article>
      ))}
    </section>
  );
}
