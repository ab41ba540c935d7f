import { DATASETS } from '@/data/registry';
import { hostNeedingPermission } from './policy';

export interface DatasetSource {
  host: string;
  /** The book data sets whose official download is on this host. */
  datasets: string[];
}

/**
 * The hosts `data.load()` may download a book data set from when it is neither cached nor in
 * the data/ folder. They get no exception: a notebook asks for them as for any host, and the
 * storage page lists them so the user knows in advance which hosts those are.
 */
export function datasetSources(appOrigin: string): DatasetSource[] {
  const byHost = new Map<string, Set<string>>();
  for (const entry of DATASETS) {
    for (const file of entry.files) {
      const host = file.url ? hostNeedingPermission(file.url, appOrigin) : null;
      if (host === null) continue;
      const titles = byHost.get(host) ?? new Set<string>();
      titles.add(entry.title);
      byHost.set(host, titles);
    }
  }
  return [...byHost]
    .map(([host, titles]) => ({ host, datasets: [...titles] }))
    .sort((a, b) => a.host.localeCompare(b.host));
}
