/**
 * Parts the interactive outputs (control panel, predict form, step debugger, drawing pad) share.
 */

/**
 * Said on a panel whose kernel is gone (a reopened notebook keeps the panel but not the model or
 * handlers behind it): `what` names the panel and where its logic lived.
 */
export function RunCellHint({ live, what }: { live: boolean; what: string }) {
  if (live) return null;
  return <span className="output-upload-hint">Run the cell to {what}.</span>;
}

/** A panel action that failed, with what to do about it when the kernel said. */
export function PanelProblem({ message, hint }: { message: string; hint?: string | undefined }) {
  return (
    <div className="predict-problem" role="alert">
      {message}
      {hint && <div className="predict-hint">{hint}</div>}
    </div>
  );
}
