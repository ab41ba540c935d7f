import { indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { EditorState, Prec } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';

interface Props {
  value: string;
  onChange(value: string): void;
  /** Shift+Enter */
  onRunAndAdvance(): void;
  /** Ctrl/Cmd+Enter */
  onRun(): void;
  /** Alt+Enter: run, then a new code cell below. */
  onRunAndInsert(): void;
  /** Escape (with no completion list open): leave the editor for command mode. */
  onEscape(): void;
  onFocus(): void;
  /** Each new non-zero value moves the keyboard focus into the editor. */
  focusToken: number;
  ariaLabel: string;
}

/** A CodeMirror 6 editor for TypeScript cells. The view is created once; props flow in by refs. */
export function CodeEditor({
  value,
  onChange,
  onRunAndAdvance,
  onRun,
  onRunAndInsert,
  onEscape,
  onFocus,
  focusToken,
  ariaLabel,
}: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const handlers = useRef({ onChange, onRunAndAdvance, onRun, onRunAndInsert, onEscape, onFocus });
  handlers.current = { onChange, onRunAndAdvance, onRun, onRunAndInsert, onEscape, onFocus };

  // The editor is built once per cell; later `value` changes are applied by the effect below.
  // biome-ignore lint/correctness/useExhaustiveDependencies: built once, see above
  useEffect(() => {
    if (!host.current) return;
    const runKeys = Prec.highest(
      keymap.of([
        {
          key: 'Shift-Enter',
          run: () => {
            handlers.current.onRunAndAdvance();
            return true;
          },
        },
        {
          key: 'Mod-Enter',
          run: () => {
            handlers.current.onRun();
            return true;
          },
        },
        {
          key: 'Alt-Enter',
          run: () => {
            handlers.current.onRunAndInsert();
            return true;
          },
        },
        {
          key: 'Escape',
          // An open completion list takes Escape first, as in any editor.
          run: (view) => {
            if (view.dom.querySelector('.cm-tooltip-autocomplete')) return false;
            handlers.current.onEscape();
            return true;
          },
        },
      ]),
    );
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          runKeys,
          basicSetup,
          keymap.of([indentWithTab]),
          javascript({ typescript: true }),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': ariaLabel }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) handlers.current.onChange(update.state.doc.toString());
            if (update.focusChanged && update.view.hasFocus) handlers.current.onFocus();
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
  }, []);

  // Outside changes (Revert, Import) replace the text; typing already matches and is skipped.
  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
    }
  }, [value]);

  useEffect(() => {
    if (focusToken !== 0 && view.current && !view.current.hasFocus) view.current.focus();
  }, [focusToken]);

  return <div className="code-editor" ref={host} />;
}
