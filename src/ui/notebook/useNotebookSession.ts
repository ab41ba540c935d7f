import { useCallback, useEffect, useRef, useState } from 'react';
import { downloadText } from '@/charts/download';
import { serviceWorkerControlling, setApiTarget } from '@/client/api-relay';
import { KernelClient } from '@/client/kernel-client';
import { loadShippedNotebook } from '@/notebook/catalog';
import { parseNotebook, serializeNotebook } from '@/notebook/io';
import {
  codeCellsAbove,
  initialState,
  type NotebookAction,
  type NotebookState,
  notebookReducer,
} from '@/notebook/model';
import type {
  BackendChoice,
  BackendReport,
  CheckpointDownloadFormat,
  ControlAction,
  DebuggerAction,
  DrawingOutcome,
  FromKernel,
  KernelStatus,
  PredictOutcome,
  Preset,
  RereadOptions,
} from '@/protocol';
import { grantHost } from '@/storage/network-grants';
import {
  deleteStoredNotebook,
  loadStoredNotebook,
  saveStoredNotebook,
} from '@/storage/notebooks-store';
import {
  loadBackendChoice,
  loadPresetChoice,
  presetFromUrl,
  saveBackendChoice,
  savePresetChoice,
} from '@/storage/settings';
import { kernelOptionsFor } from './kernel-options';

const SAVE_DELAY_MS = 400;

const KERNEL_GONE: PredictOutcome = {
  ok: false,
  message: 'The kernel stopped, so the model of this form is gone.',
  hint: 'Run the cell that made the form again.',
};
const SUPERSEDED: PredictOutcome = { ok: false, message: 'Replaced by a newer prediction.' };
const PAD_GONE: DrawingOutcome = {
  ok: false,
  message: 'The kernel stopped, so the model of this pad is gone.',
  hint: 'Run the cell that made the pad again.',
};

/** Answers every waiting Predict press, e.g. when the kernel that would have answered is gone. */
function settlePredicts<T>(pending: Map<string, (outcome: T) => void>, outcome: T): void {
  for (const resolve of pending.values()) resolve(outcome);
  pending.clear();
}

/** A host the notebook tried to reach; `purpose` says what wanted it (a data set's source). */
export interface NetworkAsk {
  host: string;
  purpose: string | undefined;
}

export interface KernelView {
  status: KernelStatus;
  backend: BackendReport | null;
  choice: BackendChoice;
  /** The `preset` global cells read: the book's schedule or a quick one. */
  preset: Preset;
  /** `?preset=` in the URL chose it; the toolbar then cannot change it. */
  presetForced: boolean;
  /** Set when the kernel died: what happened and what to do. */
  lost: { message: string; hint: string } | null;
  /** Interrupt did not stop the cell: only a restart will. */
  unresponsive: boolean;
}

export interface NotebookSession {
  state: NotebookState | null;
  loadError: string | null;
  saveError: string | null;
  kernel: KernelView;
  trusted: boolean;
  dispatch(action: NotebookAction): void;
  run(cellIds: string[]): void;
  runAll(): void;
  runAbove(cellId: string): void;
  interrupt(): void;
  restart(): void;
  setBackend(choice: BackendChoice): void;
  setPreset(preset: Preset): void;
  trust(): void;
  revert(): Promise<void>;
  sendFile(requestId: string, file: File, others?: File[]): void;
  cancelFile(requestId: string): void;
  reread(previewId: string, options: RereadOptions): void;
  /** A predict panel's Predict button: the kernel runs the panel's model on `text`. */
  predict(panelId: string, text: string): Promise<PredictOutcome>;
  /** A drawing pad's pixels: the kernel runs the pad's model on them. */
  classifyDrawing(padId: string, pixels: number[]): Promise<DrawingOutcome>;
  /** A live chart's Save button: its run saves a checkpoint at the next batch end. */
  saveRun(chartId: string): void;
  /** A step debugger's buttons: the kernel steps or inspects, and redraws the output in place. */
  debuggerAction(debuggerId: string, action: DebuggerAction): void;
  /** A control panel's buttons and file chooser: the cell's handler runs in the kernel. */
  controlAction(panelId: string, action: ControlAction): void;
  checkpoints: CheckpointActions;
  /** Hosts waiting for the user's permission, and the answers (see NetworkPrompt). */
  network: { asks: NetworkAsk[]; allow(host: string): void; deny(host: string): void };
}

export interface CheckpointActions {
  /** Bumped whenever the kernel saves one, so lists re-read the database. */
  version: number;
  /** Why the last Download asked of the kernel failed. */
  error: string | null;
  download(name: string, format: CheckpointDownloadFormat): void;
  /** Re-runs the cells up to the one that saved `name`, whose fit() then resumes from it. */
  resume(name: string, cellId: string): boolean;
  clearError(): void;
}

/**
 * One open notebook: its state, its kernel, the run queue and saving to IndexedDB as you type.
 * State lives in a ref as well as in React state, so kernel callbacks always see the latest.
 */
export function useNotebookSession(path: string): NotebookSession {
  const [state, setState] = useState<NotebookState | null>(null);
  const stateRef = useRef<NotebookState | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [trusted, setTrusted] = useState(true);
  const trustedRef = useRef(true);
  const [kernel, setKernel] = useState<KernelView>(() => {
    const forced = presetFromUrl(globalThis.location?.search ?? '');
    return {
      status: 'starting',
      backend: null,
      choice: loadBackendChoice(),
      preset: forced ?? loadPresetChoice(),
      presetForced: forced !== null,
      lost: null,
      unresponsive: false,
    };
  });
  // The kernel is created in an effect that must not restart when the preset changes.
  const presetRef = useRef(kernel.preset);
  const clientRef = useRef<KernelClient | null>(null);
  const queueRef = useRef<string[]>([]);
  const runningRef = useRef<string | null>(null);
  const countRef = useRef(0);
  const dirtyRef = useRef(false);
  const [checkpointsVersion, setCheckpointsVersion] = useState(0);
  /** Hosts the notebook tried to reach without permission, waiting for the user's answer. */
  const [networkAsks, setNetworkAsks] = useState<NetworkAsk[]>([]);
  const deniedHostsRef = useRef(new Set<string>());
  const [checkpointError, setCheckpointError] = useState<string | null>(null);
  const pendingPredictsRef = useRef(new Map<string, (outcome: PredictOutcome) => void>());
  const pendingDrawingsRef = useRef(new Map<string, (outcome: DrawingOutcome) => void>());

  const dispatch = useCallback((action: NotebookAction) => {
    const current = stateRef.current;
    if (!current) return;
    const next = notebookReducer(current, action);
    if (next === current) return;
    stateRef.current = next;
    if (next.doc !== current.doc) dirtyRef.current = true;
    setState(next);
  }, []);

  const runNext = useCallback(() => {
    const client = clientRef.current;
    const current = stateRef.current;
    if (!client || !current || runningRef.current) return;
    const cellId = queueRef.current.shift();
    if (cellId === undefined) return;
    const cell = current.doc.cells.find((c) => c.id === cellId);
    if (cell?.cell_type !== 'code') {
      runNext();
      return;
    }
    countRef.current += 1;
    const runId = client.execute(cellId, cell.source, countRef.current);
    runningRef.current = cellId;
    dispatch({ type: 'start', cellId, runId, executionCount: countRef.current, at: Date.now() });
  }, [dispatch]);

  const onKernelMessage = useCallback(
    (message: FromKernel) => {
      if (message.type === 'download') {
        downloadText(message.fileName, message.bytes, message.mime);
        return;
      }
      if (message.type === 'checkpoint-saved') {
        setCheckpointsVersion((v) => v + 1);
        return;
      }
      if (message.type === 'network-blocked') {
        const { host, purpose } = message;
        if (deniedHostsRef.current.has(host)) return;
        setNetworkAsks((asks) =>
          asks.some((a) => a.host === host) ? asks : [...asks, { host, purpose }],
        );
        return;
      }
      if (message.type === 'predict-result') {
        const resolve = pendingPredictsRef.current.get(message.panelId);
        pendingPredictsRef.current.delete(message.panelId);
        resolve?.(message.outcome);
        return;
      }
      if (message.type === 'drawing-result') {
        const resolve = pendingDrawingsRef.current.get(message.padId);
        pendingDrawingsRef.current.delete(message.padId);
        resolve?.(message.outcome);
        return;
      }
      if (message.type === 'checkpoint-failed') {
        const { error } = message;
        setCheckpointError(`${error.message}${error.hint ? ` ${error.hint}` : ''}`);
        return;
      }
      dispatch({ type: 'kernel', message });
      if (
        (message.type === 'done' || message.type === 'error') &&
        message.cellId === runningRef.current
      ) {
        runningRef.current = null;
        if (message.type === 'error') {
          // As in Jupyter's Run all: the cells after an error would run on a broken state.
          queueRef.current = [];
          dispatch({ type: 'cancel-queued' });
        }
        runNext();
      }
    },
    [dispatch, runNext],
  );

  // The kernel: one per open notebook, replaced on restart.
  useEffect(() => {
    const options = kernelOptionsFor(path);
    setNetworkAsks([]);
    deniedHostsRef.current.clear();
    const client = new KernelClient(
      {
        message: onKernelMessage,
        status: (status, backend) =>
          setKernel((k) => ({
            ...k,
            status,
            backend,
            ...(status === 'dead' ? {} : { lost: null }),
          })),
        lost: (message, hint) => {
          queueRef.current = [];
          runningRef.current = null;
          settlePredicts(pendingPredictsRef.current, KERNEL_GONE);
          settlePredicts(pendingDrawingsRef.current, PAD_GONE);
          dispatch({ type: 'kernel-lost', message, hint });
          setKernel((k) => ({ ...k, lost: { message, hint }, unresponsive: false }));
        },
        unresponsive: () => setKernel((k) => ({ ...k, unresponsive: true })),
      },
      options.backend,
      presetRef.current,
      options.wasmThreads,
      path,
    );
    clientRef.current = client;
    let disposed = false;
    void serviceWorkerControlling().then(() => {
      if (!disposed) client.start();
    });
    setApiTarget({
      serves: () => client.servesApi(),
      relay: (request, port) => client.relayApiRequest(request, port),
    });
    return () => {
      disposed = true;
      setApiTarget(null);
      client.dispose();
      clientRef.current = null;
      settlePredicts(pendingPredictsRef.current, KERNEL_GONE);
      settlePredicts(pendingDrawingsRef.current, PAD_GONE);
    };
  }, [onKernelMessage, dispatch, path]);

  // Load: the user's saved copy first, else the shipped notebook.
  useEffect(() => {
    let cancelled = false;
    stateRef.current = null;
    setState(null);
    setLoadError(null);
    (async () => {
      const stored = await loadStoredNotebook(path).catch(() => undefined);
      const text = stored?.ipynb ?? (await loadShippedNotebook(path));
      if (cancelled) return;
      if (text === undefined) {
        setLoadError(`There is no notebook at "${path}". Pick one from the list.`);
        return;
      }
      const doc = parseNotebook(text, path);
      const next = initialState(doc);
      stateRef.current = next;
      dirtyRef.current = false;
      trustedRef.current = stored?.trusted ?? true;
      setTrusted(trustedRef.current);
      setState(next);
    })().catch((error: unknown) => {
      if (!cancelled) setLoadError(error instanceof Error ? error.message : String(error));
    });
    return () => {
      cancelled = true;
    };
  }, [path]);

  // Save as you type. A throttle, not a debounce: during a long run the state changes many
  // times a second, and a debounce would never fire, so a reload would lose every output.
  const saveTimerRef = useRef<ReturnType<typeof setTimeout> | null>(null);
  const saveNow = useCallback(() => {
    if (saveTimerRef.current !== null) clearTimeout(saveTimerRef.current);
    saveTimerRef.current = null;
    const current = stateRef.current;
    if (!current || !dirtyRef.current) return;
    dirtyRef.current = false;
    const ipynb = serializeNotebook(current.doc, { withOutputs: true, compact: true });
    saveStoredNotebook({ path, ipynb, updatedAt: Date.now(), trusted: trustedRef.current })
      .then(() => setSaveError(null))
      .catch((error: unknown) =>
        setSaveError(error instanceof Error ? error.message : String(error)),
      );
  }, [path]);
  useEffect(() => {
    if (!state || !dirtyRef.current || saveTimerRef.current !== null) return;
    saveTimerRef.current = setTimeout(saveNow, SAVE_DELAY_MS);
  }, [state, saveNow]);
  // A reload or a closed tab within the throttle window still saves: IndexedDB finishes a
  // transaction started in pagehide.
  useEffect(() => {
    const flush = () => saveNow();
    const onVisibility = () => document.visibilityState === 'hidden' && saveNow();
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
      saveNow();
    };
  }, [saveNow]);

  const run = useCallback(
    (cellIds: string[]) => {
      if (!trustedRef.current || cellIds.length === 0) return;
      queueRef.current.push(...cellIds);
      dispatch({ type: 'queue', cellIds });
      runNext();
    },
    [dispatch, runNext],
  );

  const runAll = useCallback(
    () =>
      run(stateRef.current?.doc.cells.filter((c) => c.cell_type === 'code').map((c) => c.id) ?? []),
    [run],
  );
  const runAbove = useCallback(
    (cellId: string) => {
      if (stateRef.current) run(codeCellsAbove(stateRef.current.doc, cellId));
    },
    [run],
  );
  const interrupt = useCallback(() => {
    queueRef.current = [];
    dispatch({ type: 'cancel-queued' });
    clientRef.current?.interrupt();
  }, [dispatch]);
  const restart = useCallback(() => {
    queueRef.current = [];
    if (runningRef.current) {
      dispatch({
        type: 'kernel-lost',
        message: 'The kernel was restarted while this cell ran.',
        hint: 'Run the cell again.',
      });
    }
    runningRef.current = null;
    countRef.current = 0;
    setKernel((k) => ({ ...k, lost: null, unresponsive: false }));
    settlePredicts(pendingPredictsRef.current, KERNEL_GONE);
    settlePredicts(pendingDrawingsRef.current, PAD_GONE);
    clientRef.current?.restart();
  }, [dispatch]);
  // A grant takes effect in a new kernel: its script response carries the widened policy.
  const allowNetwork = useCallback(
    (host: string) => {
      grantHost(path, host);
      setNetworkAsks((asks) => asks.filter((a) => a.host !== host));
      restart();
    },
    [path, restart],
  );
  const denyNetwork = useCallback((host: string) => {
    deniedHostsRef.current.add(host);
    setNetworkAsks((asks) => asks.filter((a) => a.host !== host));
  }, []);
  const setBackend = useCallback((choice: BackendChoice) => {
    saveBackendChoice(choice);
    setKernel((k) => ({ ...k, choice }));
    clientRef.current?.setBackend(choice);
  }, []);
  const setPreset = useCallback((preset: Preset) => {
    savePresetChoice(preset);
    presetRef.current = preset;
    setKernel((k) => ({ ...k, preset }));
    clientRef.current?.setPreset(preset);
  }, []);
  const trust = useCallback(() => {
    trustedRef.current = true;
    setTrusted(true);
    dirtyRef.current = true;
    saveNow();
  }, [saveNow]);
  const revert = useCallback(async () => {
    await deleteStoredNotebook(path);
    const text = await loadShippedNotebook(path);
    if (text === undefined) return;
    dirtyRef.current = false;
    const next = initialState(parseNotebook(text, path));
    stateRef.current = next;
    setState(next);
  }, [path]);
  const sendFile = useCallback((requestId: string, file: File, others?: File[]) => {
    if (others === undefined) {
      // The File as is: reading 50 MB here was a long task on the page; the kernel reads it.
      clientRef.current?.sendFile(requestId, file.name, file);
      return;
    }
    void Promise.all(
      [file, ...others].map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })),
    ).then((files) => clientRef.current?.sendFiles(requestId, files));
  }, []);
  const downloadCheckpoint = useCallback((name: string, format: CheckpointDownloadFormat) => {
    setCheckpointError(null);
    clientRef.current?.downloadCheckpoint(name, format);
  }, []);
  const resumeCheckpoint = useCallback(
    (name: string, cellId: string) => {
      const current = stateRef.current;
      if (!current || !trustedRef.current || !current.doc.cells.some((c) => c.id === cellId))
        return false;
      clientRef.current?.requestResume(name);
      run([...codeCellsAbove(current.doc, cellId), cellId]);
      return true;
    },
    [run],
  );
  const clearCheckpointError = useCallback(() => setCheckpointError(null), []);
  const cancelFile = useCallback(
    (requestId: string) => clientRef.current?.cancelFile(requestId),
    [],
  );

  const reread = useCallback(
    (previewId: string, options: RereadOptions) => clientRef.current?.reread(previewId, options),
    [],
  );
  const predict = useCallback((panelId: string, text: string) => {
    const client = clientRef.current;
    if (!client) return Promise.resolve(KERNEL_GONE);
    return new Promise<PredictOutcome>((resolve) => {
      pendingPredictsRef.current.get(panelId)?.(SUPERSEDED);
      pendingPredictsRef.current.set(panelId, resolve);
      client.predict(panelId, text);
    });
  }, []);
  const classifyDrawing = useCallback((padId: string, pixels: number[]) => {
    const client = clientRef.current;
    if (!client) return Promise.resolve(PAD_GONE);
    return new Promise<DrawingOutcome>((resolve) => {
      // A newer stroke replaces a drawing still waiting: only the latest answer is shown.
      pendingDrawingsRef.current.get(padId)?.({
        ok: false,
        message: 'Replaced by a newer drawing.',
      });
      pendingDrawingsRef.current.set(padId, resolve);
      client.classifyDrawing(padId, pixels);
    });
  }, []);
  const saveRun = useCallback((chartId: string) => clientRef.current?.saveRun(chartId), []);
  const debuggerAction = useCallback(
    (debuggerId: string, action: DebuggerAction) =>
      clientRef.current?.debuggerAction(debuggerId, action),
    [],
  );
  const controlAction = useCallback(
    (panelId: string, action: ControlAction) => clientRef.current?.controlAction(panelId, action),
    [],
  );

  return {
    state,
    loadError,
    saveError,
    kernel,
    trusted,
    dispatch,
    run,
    runAll,
    runAbove,
    interrupt,
    restart,
    setBackend,
    setPreset,
    trust,
    revert,
    sendFile,
    cancelFile,
    reread,
    predict,
    classifyDrawing,
    saveRun,
    debuggerAction,
    controlAction,
    network: { asks: networkAsks, allow: allowNetwork, deny: denyNetwork },
    checkpoints: {
      version: checkpointsVersion,
      error: checkpointError,
      download: downloadCheckpoint,
      resume: resumeCheckpoint,
      clearError: clearCheckpointError,
    },
  };
}
