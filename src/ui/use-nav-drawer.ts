import { useCallback, useEffect, useState } from 'react';

/** Below this width the notebook list is a drawer over the page instead of a column beside it. */
export const DRAWER_QUERY = '(max-width: 800px)';

function isNarrow(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(DRAWER_QUERY).matches;
}

export interface NavDrawer {
  open: boolean;
  /** The list covers the page (a phone) rather than sitting beside it. */
  overlay: boolean;
  toggle(): void;
  close(): void;
  /** After a notebook was picked: a drawer gets out of the way, a column stays. */
  picked(): void;
}

/**
 * The sidebar's state: open beside the notebook on a wide screen, closed (a drawer to pull out)
 * on a narrow one, where a 280 px column would leave the notebook ~90 px.
 */
export function useNavDrawer(): NavDrawer {
  const [overlay, setOverlay] = useState(isNarrow);
  const [open, setOpen] = useState(() => !isNarrow());

  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia(DRAWER_QUERY);
    const onChange = () => {
      setOverlay(query.matches);
      // Turning a tablet or widening a window: the column comes back, a drawer starts closed.
      setOpen(!query.matches);
    };
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);

  useEffect(() => {
    if (!(open && overlay)) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, overlay]);

  const toggle = useCallback(() => setOpen((o) => !o), []);
  const close = useCallback(() => setOpen(false), []);
  const picked = useCallback(() => {
    if (overlay) setOpen(false);
  }, [overlay]);
  return { open, overlay, toggle, close, picked };
}
