/** A one-line progress display on a terminal; silent when the stream is not a TTY. */
import type { Progress } from '../experiments/types';

export function progressLine(stream: NodeJS.WriteStream): { update: Progress; clear: () => void } {
  let shown = false;
  let last = 0;
  return {
    update(fraction, stage) {
      const now = Date.now();
      if (!stream.isTTY || (now - last < 100 && fraction < 1)) return;
      last = now;
      const width = 30;
      const filled = Math.round(fraction * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${stage.padEnd(30)}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r' + ' '.repeat(72) + '\r');
      shown = false;
    },
  };
}
