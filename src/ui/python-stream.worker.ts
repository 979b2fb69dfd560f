/**
 * Web worker: draws the chapter program's CPython random stream (drawBookStream) off the
 * page's main thread and transfers the arrays back.
 */
import { drawBookStream } from '../reference/book-stream';
import type { BookStreamParams } from '../reference/book-params';

self.onmessage = (ev: MessageEvent<BookStreamParams>) => {
  try {
    const s = drawBookStream(ev.data);
    const buffers = [s.x, s.y, ...s.quality, ...s.trajectory].map((a) => a.buffer as ArrayBuffer);
    self.postMessage({ ok: true, stream: s }, { transfer: buffers });
  } catch (e) {
    self.postMessage({ ok: false, message: (e as Error).message });
  }
};
