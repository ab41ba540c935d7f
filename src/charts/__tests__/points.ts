import type { MetricPoint } from '@/protocol';

export function batch(step: number, logs: Record<string, number>, epoch = 0): MetricPoint {
  return { step, epoch, kind: 'batch', logs };
}

export function epochEnd(step: number, epoch: number, logs: Record<string, number>): MetricPoint {
  return { step, epoch, kind: 'epoch', logs };
}
