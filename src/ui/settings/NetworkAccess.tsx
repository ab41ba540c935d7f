import { useEffect, useState } from 'react';
import { datasetSources } from '@/network/dataset-sources';
import {
  allNetworkGrants,
  type NetworkGrants,
  onNetworkGrantsChanged,
  revokeHost,
} from '@/storage/network-grants';

/**
 * The hosts each notebook may reach, with Revoke, and the hosts book data sets download from.
 * A revoked host is refused from the notebook's next kernel start (a reload, or Restart).
 */
export function NetworkAccess() {
  const [grants, setGrants] = useState<NetworkGrants>(allNetworkGrants);
  useEffect(() => onNetworkGrantsChanged(() => setGrants(allNetworkGrants())), []);
  const notebooks = Object.keys(grants).sort();
  const sources = datasetSources(globalThis.location.origin);

  return (
    <>
      <h2>Network access</h2>
      <p>
        Notebooks reach only this app's own address. A notebook that tries to reach another host is
        stopped by the browser, and you are asked whether to allow that host for that notebook.
      </p>
      {notebooks.length === 0 ? (
        <p className="muted" data-testid="network-grants-empty">
          No notebook may reach another host.
        </p>
      ) : (
        <table className="your-data-table" data-testid="network-grants">
          <thead>
            <tr>
              <th>notebook</th>
              <th>may reach</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {notebooks.flatMap((notebook) =>
              (grants[notebook] ?? []).map((host) => (
                <tr key={`${notebook} ${host}`}>
                  <td>{notebook}</td>
                  <td>{host}</td>
                  <td>
                    <button
                      type="button"
                      aria-label={`Revoke ${host} for ${notebook}`}
                      onClick={() => revokeHost(notebook, host)}
                    >
                      Revoke
                    </button>
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      )}
      <p className="muted" data-testid="dataset-sources">
        Book data sets not in this browser or the data/ folder are downloaded from their official
        source, once you allow its host for the notebook:{' '}
        {sources.map((s) => `${s.host} (${s.datasets.join(', ')})`).join('; ')}.
      </p>
    </>
  );
}
