import { catalog } from '@/notebook/catalog';

interface Props {
  current: string | null;
  imported: string[];
  onOpen(path: string): void;
  /** Folded away (a closed drawer): out of the layout and of the tab order. */
  hidden: boolean;
}

/** Books → chapters → notebooks, plus the notebooks the user imported. */
export function Sidebar({ current, imported, onOpen, hidden }: Props) {
  const link = (path: string, title: string) => (
    <li key={path}>
      <a
        href={`#/${path}`}
        className={path === current ? 'active' : ''}
        aria-current={path === current ? 'page' : undefined}
        onClick={(e) => {
          e.preventDefault();
          onOpen(path);
        }}
      >
        {title}
      </a>
    </li>
  );
  return (
    <nav className="sidebar" id="notebook-list" aria-label="Notebooks" hidden={hidden}>
      <div className="brand">Book notebooks</div>
      {catalog.books.map((book) => (
        <details key={book.id} open>
          <summary>{book.title}</summary>
          {book.chapters.map((chapter) => (
            <div key={chapter.id} className="chapter">
              <div className="chapter-title">{chapter.title}</div>
              <ul>{chapter.notebooks.map((nb) => link(nb.path, nb.title))}</ul>
            </div>
          ))}
        </details>
      ))}
      <div className="sidebar-footer">
        {link('settings/runs', 'Training runs')}
        {link('settings/your-data', 'Your data & storage')}
        {link('settings/data-sets', 'Data sets & credits')}
      </div>
      {imported.length > 0 && (
        <details open>
          <summary>Imported</summary>
          <ul>{imported.map((path) => link(path, path.replace('imported/', '')))}</ul>
        </details>
      )}
    </nav>
  );
}
