import type { NetworkAsk } from './useNotebookSession';

/**
 * Asks, as a browser asks for a permission, whether this notebook may reach a host it tried to
 * reach. Nothing was sent: the request failed. Allowing restarts the kernel with a policy that
 * lets the host through; the user then runs the cell again.
 */
export function NetworkPrompt({
  asks,
  onAllow,
  onDeny,
}: {
  asks: NetworkAsk[];
  onAllow(host: string): void;
  onDeny(host: string): void;
}) {
  return (
    <>
      {asks.map(({ host, purpose }) => (
        <div
          key={host}
          className="banner banner-warn network-prompt"
          role="alertdialog"
          aria-label={`Network access to ${host}`}
          data-testid="network-prompt"
        >
          <strong>This notebook wants to reach {host}</strong>
          {purpose ? ` (${purpose})` : ''}. Nothing was sent. Allow it only if you trust this
          notebook with what it can read here: your data files and outputs could be sent there.
          Allowing restarts the kernel; run the cell again afterwards.{' '}
          <button type="button" onClick={() => onAllow(host)}>
            Allow {host}
          </button>{' '}
          <button type="button" onClick={() => onDeny(host)}>
            Deny
          </button>
        </div>
      ))}
    </>
  );
}
