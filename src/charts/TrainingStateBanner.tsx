import type { TrainingView } from '@/protocol';

const LABELS: Record<TrainingView['state'], string> = {
  running: 'Training…',
  done: 'Training finished',
  stopped: 'Training stopped',
  failed: 'Training failed',
};

export interface TrainingStateBannerProps {
  state: TrainingView['state'];
  message?: string | undefined;
}

/** Stopped and failed runs say why (a NaN loss, an interrupt) where the user is already looking. */
export function TrainingStateBanner({ state, message }: TrainingStateBannerProps) {
  const alert = state === 'stopped' || state === 'failed';
  return (
    <div
      className={`training-state training-state-${state}`}
      data-testid="training-state"
      role={alert ? 'alert' : 'status'}
    >
      <strong>{LABELS[state]}</strong>
      {message !== undefined && message !== '' && <span> — {message}</span>}
    </div>
  );
}
