import { type PointerEvent, useEffect, useId, useRef, useState } from 'react';
import type { DrawingOutcome, DrawingPadView } from '@/protocol';
import {
  centreLikeMnist,
  DEFAULT_BRUSH,
  downsample,
  PAD_SIZE,
  type Point,
  rasterizeStrokes,
} from '@/utils/digit-drawing';
import { useOutputActions } from './output-actions';
import { PanelProblem, RunCellHint } from './panel-parts';

const PREVIEW_SCALE = 4;

/** Paints a side × side image of values in [0, 1] (white ink on black, as MNIST) on a canvas. */
function paintPreview(canvas: HTMLCanvasElement | null, pixels: Float32Array, side: number): void {
  const ctx = canvas?.getContext('2d');
  if (!canvas || !ctx) return;
  const image = ctx.createImageData(side, side);
  pixels.forEach((v, i) => {
    const grey = Math.round(Math.max(0, Math.min(1, v)) * 255);
    image.data.set([grey, grey, grey, 255], i * 4);
  });
  ctx.putImageData(image, 0, 0);
}

function paintStrokes(canvas: HTMLCanvasElement | null, strokes: Point[][]): void {
  const ctx = canvas?.getContext('2d');
  if (!canvas || !ctx) return;
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, PAD_SIZE, PAD_SIZE);
  ctx.strokeStyle = '#fff';
  ctx.fillStyle = '#fff';
  ctx.lineWidth = DEFAULT_BRUSH;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (const stroke of strokes) {
    const [first, ...rest] = stroke;
    if (!first) continue;
    ctx.beginPath();
    if (rest.length === 0) {
      ctx.arc(first[0], first[1], DEFAULT_BRUSH / 2, 0, 2 * Math.PI);
      ctx.fill();
      continue;
    }
    ctx.moveTo(first[0], first[1]);
    for (const [x, y] of rest) ctx.lineTo(x, y);
    ctx.stroke();
  }
}

/**
 * The drawing pad: draw a digit with the mouse (or a finger) on a 280 × 280 canvas. Each finished
 * stroke is turned into 28 × 28 pixels here, both as drawn and centred like MNIST (both shown),
 * and the chosen one goes to the kernel, whose model answers with a probability per class.
 */
export function DrawingPadOutput({ view }: { view: DrawingPadView }) {
  const { classifyDrawing } = useOutputActions();
  const live = classifyDrawing !== undefined;
  const padRef = useRef<HTMLCanvasElement>(null);
  const rawRef = useRef<HTMLCanvasElement>(null);
  const centredRef = useRef<HTMLCanvasElement>(null);
  const drawingRef = useRef(false);
  // The strokes as the handlers see them (state lags a render behind a fast pointer).
  const strokesRef = useRef<Point[][]>([]);
  const [strokes, setStrokes] = useState<Point[][]>([]);
  const [centre, setCentre] = useState(view.centre);
  const [outcome, setOutcome] = useState<DrawingOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [previews, setPreviews] = useState<{ raw: Float32Array; centred: Float32Array } | null>(
    null,
  );
  const toggleId = useId();
  const side = view.inputSize;

  useEffect(() => paintStrokes(padRef.current, strokes), [strokes]);
  useEffect(() => {
    if (!previews) return;
    paintPreview(rawRef.current, previews.raw, side);
    paintPreview(centredRef.current, previews.centred, side);
  }, [previews, side]);

  const classify = async (pixels: Float32Array) => {
    if (!classifyDrawing) return;
    setBusy(true);
    try {
      const answer = await classifyDrawing(view.padId, Array.from(pixels));
      // An answer that a newer drawing replaced is not shown over the newer one's.
      if (answer.ok || answer.message !== 'Replaced by a newer drawing.') setOutcome(answer);
    } finally {
      setBusy(false);
    }
  };

  /** Downsamples the finished drawing both ways and sends the chosen one. */
  const finish = (all: Point[][], withCentring: boolean) => {
    const ink = rasterizeStrokes(all, { size: PAD_SIZE, brush: DEFAULT_BRUSH });
    const next = {
      raw: downsample(ink, PAD_SIZE, side),
      centred: centreLikeMnist(ink, PAD_SIZE, { out: side }),
    };
    setPreviews(next);
    void classify(withCentring ? next.centred : next.raw);
  };

  const pointAt = (event: PointerEvent<HTMLCanvasElement>): Point => {
    const rect = event.currentTarget.getBoundingClientRect();
    return [
      ((event.clientX - rect.left) * PAD_SIZE) / rect.width,
      ((event.clientY - rect.top) * PAD_SIZE) / rect.height,
    ];
  };
  const onDown = (event: PointerEvent<HTMLCanvasElement>) => {
    event.currentTarget.setPointerCapture?.(event.pointerId);
    drawingRef.current = true;
    strokesRef.current = [...strokesRef.current, [pointAt(event)]];
    setStrokes(strokesRef.current);
  };
  const onMove = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!drawingRef.current) return;
    const all = strokesRef.current;
    strokesRef.current = [...all.slice(0, -1), [...(all.at(-1) ?? []), pointAt(event)]];
    setStrokes(strokesRef.current);
  };
  const onUp = () => {
    if (!drawingRef.current) return;
    drawingRef.current = false;
    finish(strokesRef.current, centre);
  };
  const clear = () => {
    strokesRef.current = [];
    setStrokes([]);
    setPreviews(null);
    setOutcome(null);
  };
  const toggleCentre = (on: boolean) => {
    setCentre(on);
    if (previews) void classify(on ? previews.centred : previews.raw);
  };

  const probabilities = outcome?.ok ? outcome.probabilities : null;
  const best = probabilities ? probabilities.indexOf(Math.max(...probabilities)) : -1;

  return (
    <div className="drawing-pad" data-testid="drawing-pad">
      <div className="predict-title">{view.title}</div>
      <div className="drawing-pad-body">
        <canvas
          ref={padRef}
          className="drawing-pad-canvas"
          data-testid="drawing-canvas"
          width={PAD_SIZE}
          height={PAD_SIZE}
          aria-label={`Drawing pad, ${PAD_SIZE} × ${PAD_SIZE}: draw a digit with the mouse`}
          onPointerDown={onDown}
          onPointerMove={onMove}
          onPointerUp={onUp}
          onPointerLeave={onUp}
        />
        <div className="drawing-pad-side">
          <div className="drawing-pad-previews">
            <figure className={centre ? '' : 'drawing-pad-sent'}>
              <canvas
                ref={rawRef}
                data-testid="drawing-preview-raw"
                width={side}
                height={side}
                style={{ width: side * PREVIEW_SCALE, height: side * PREVIEW_SCALE }}
              />
              <figcaption>as drawn</figcaption>
            </figure>
            <figure className={centre ? 'drawing-pad-sent' : ''}>
              <canvas
                ref={centredRef}
                data-testid="drawing-preview-centred"
                width={side}
                height={side}
                style={{ width: side * PREVIEW_SCALE, height: side * PREVIEW_SCALE }}
              />
              <figcaption>centred like MNIST</figcaption>
            </figure>
          </div>
          <label className="drawing-pad-toggle" htmlFor={toggleId}>
            <input
              id={toggleId}
              type="checkbox"
              checked={centre}
              onChange={(event) => toggleCentre(event.target.checked)}
            />{' '}
            MNIST centring (fit a 20 × 20 box, centre of mass in the middle)
          </label>
          <button type="button" className="output-button" onClick={clear}>
            Clear
          </button>
          <RunCellHint live={live} what="classify drawings: its model lives in the kernel" />
        </div>
      </div>
      {outcome && !outcome.ok && <PanelProblem message={outcome.message} hint={outcome.hint} />}
      {probabilities && (
        <ol
          className="drawing-pad-bars"
          data-testid="drawing-bars"
          aria-busy={busy}
          aria-label={`Class probabilities of ${view.modelName}`}
        >
          {view.classes.map((name, i) => {
            const p = probabilities[i] ?? 0;
            return (
              <li
                key={name}
                className={`drawing-pad-bar${i === best ? ' drawing-pad-best' : ''}`}
                data-testid="drawing-bar"
                data-class={name}
                data-probability={p}
              >
                <span className="drawing-pad-bar-label">{name}</span>
                <span className="drawing-pad-bar-track">
                  <span
                    className="drawing-pad-bar-fill"
                    style={{ width: `${(100 * p).toFixed(1)}%` }}
                  />
                </span>
                <span className="drawing-pad-bar-value">{(100 * p).toFixed(1)} %</span>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
