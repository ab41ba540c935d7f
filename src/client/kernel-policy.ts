import type { KernelPolicyReply, ToServiceWorker } from '@/protocol';

/** The service worker answers at once; a slower one is treated as absent. */
const REPLY_TIMEOUT_MS = 5000;

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Registers `hosts` with the service worker for the next kernel, and returns the one-time token
 * its script URL carries, so the kernel's Content-Security-Policy allows them. Null when there
 * is no service worker in control: the kernel then gets the policy without hosts.
 */
export async function registerKernelPolicy(hosts: readonly string[]): Promise<string | null> {
  const controller = globalThis.navigator?.serviceWorker?.controller;
  if (!controller) return null;
  const token = randomToken();
  const channel = new MessageChannel();
  const reply = new Promise<KernelPolicyReply | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), REPLY_TIMEOUT_MS);
    channel.port1.onmessage = (event: MessageEvent<KernelPolicyReply>) => {
      clearTimeout(timer);
      resolve(event.data);
    };
  });
  const message: ToServiceWorker = { type: 'kernel-policy', token, hosts: [...hosts] };
  controller.postMessage(message, [channel.port2]);
  const answer = await reply;
  channel.port1.close();
  return answer?.type === 'kernel-policy-registered' && answer.token === token ? token : null;
}
