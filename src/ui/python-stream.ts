/**
 * `--rng python` on the page: the chapter program's CPython stream for both experiments
 * (quality draws, then trajectory draws, as the CLI's `book` does), drawn in a worker so
 * the page stays responsive; Cancel terminates the worker.
 */
import type { BookStream } from '../reference/book-stream';
import type { BookStreamParams } from '../reference/book-params';

/** Draws the stream in a worker; rejects with an AbortError when `signal` aborts. */
export function drawInWorker(p: BookStreamParams, signal: AbortSignal): Promise<BookStream> {
  const worker = new Worker(new URL('./python-stream.worker.ts', import.meta.url), { type: 'module', name: 'python stream' });
  return new Promise<BookStream>((resolve, reject) => {
    const abort = () => {
      const e = new Error('cancelled');
      e.name = 'AbortError';
      reject(e);
      worker.terminate();
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    worker.onmessage = (ev: MessageEvent<{ ok: true; stream: BookStream } | { ok: false; message: string }>) => {
      signal.removeEventListener('abort', abort);
      worker.terminate();
      if (ev.data.ok) resolve(ev.data.stream);
      else reject(new Error(`drawing the CPython stream failed: ${ev.data.message}`));
    };
    worker.onerror = (ev) => {
      signal.removeEventListener('abort', abort);
      worker.terminate();
      reject(new Error(`the CPython stream worker failed: ${ev.message}`));
    };
    worker.postMessage(p);
  });
}
