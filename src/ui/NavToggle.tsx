import type { NavDrawer } from './use-nav-drawer';

/** The ☰ button that shows or hides the notebook list. */
export function NavToggle({ nav }: { nav: NavDrawer }) {
  const label = nav.open ? 'Hide the notebook list' : 'Show the notebook list';
  return (
    <button
      type="button"
      className="nav-toggle"
      onClick={nav.toggle}
      aria-expanded={nav.open}
      aria-controls="notebook-list"
      aria-label={label}
      title={label}
    >
      ☰
    </button>
  );
}
