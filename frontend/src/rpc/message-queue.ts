import { RAL } from 'vscode-jsonrpc/browser';

/**
 * vscode-jsonrpc hands its queued messages to their handlers one per `setImmediate`, which its
 * browser runtime makes a `setTimeout(0)`. Browsers hold each nested timeout back 4 ms, so a burst
 * of notifications (an answer streamed in thousands of small deltas) was read at 250 a second,
 * long after it had arrived, and every reply (a save, a completion) waited behind it. A message
 * channel's task is not held back, and input and rendering still take turns between two of them.
 */
export function installPromptMessageQueue(): void {
  if (installed) return;
  installed = true;
  const ral = RAL();
  RAL.install({ ...ral, timer: { ...ral.timer, setImmediate: promptImmediate } });
}

let installed = false;
const waiting = new Map<number, () => void>();
let nextId = 0;
let channel: MessageChannel | undefined;

function promptImmediate(callback: (...args: unknown[]) => void, ...args: unknown[]): { dispose(): void } {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = (e: MessageEvent<number>) => {
      const run = waiting.get(e.data);
      waiting.delete(e.data);
      run?.();
    };
    // Node (the tests) would otherwise stay alive for an open port.
    (channel.port1 as unknown as { unref?: () => void }).unref?.();
  }
  const id = nextId++;
  waiting.set(id, () => callback(...args));
  channel.port2.postMessage(id);
  return { dispose: () => { waiting.delete(id); } };
}
