/**
 * The CPython formatting behaviours the chapter's program prints with: `%.Nf` (correctly
 * rounded, ties to even on the exact binary value), `str()`/`repr()` of a float, and a small
 * `%`-operator for the conversions s, r, d, i, f, F with flags `-`, `0`, `+`, space, a width
 * and a precision.
 */

const bits = new DataView(new ArrayBuffer(8));

/**
 * `'%.{digits}f' % x` exactly as CPython prints it: the exact binary value of x rounded
 * half-to-even (JavaScript's toFixed rounds exact ties away from zero instead), the sign kept
 * on negative zero and on negatives that round to zero, and no exponent for huge values.
 *
 * @example
 * formatFixed(0.03125, 4); // "0.0312"   (toFixed gives "0.0313")
 * formatFixed(-0, 4);      // "-0.0000"
 */
export function formatFixed(x: number, digits: number): string {
  if (!Number.isInteger(digits) || digits < 0 || digits > 100) {
    throw new RangeError(`formatFixed: digits must be an integer in [0, 100], got ${digits}`);
  }
  if (Number.isNaN(x)) return 'nan';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (!Number.isFinite(x)) return `${sign}inf`;
  const { mantissa, exponent } = exactBinary(Math.abs(x));
  const scaled = mantissa * 10n ** BigInt(digits);
  let n: bigint;
  if (exponent >= 0) {
    n = scaled << BigInt(exponent);
  } else {
    const den = 1n << BigInt(-exponent);
    n = scaled / den;
    const twiceRem = 2n * (scaled % den);
    if (twiceRem > den || (twiceRem === den && n % 2n === 1n)) n += 1n;
  }
  const text = n.toString().padStart(digits + 1, '0');
  const point = text.length - digits;
  return sign + (digits === 0 ? text : `${text.slice(0, point)}.${text.slice(point)}`);
}

/**
 * `repr(x)` (equal to `str(x)`) of a Python float: the shortest digits that read back as x,
 * positional for 1e-4 ≤ |x| < 1e16 with at least one digit after the point, otherwise
 * scientific with a signed, at least two-digit exponent.
 *
 * @example
 * floatRepr(0);     // "0.0"
 * floatRepr(0.05);  // "0.05"
 * floatRepr(1e-5);  // "1e-05"
 * floatRepr(1e16);  // "1e+16"
 */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() without an argument gives the shortest round-tripping digits.
  const [mant, exp] = Math.abs(x).toExponential().split('e') as [string, string];
  const digitString = mant.replace('.', '');
  const decimalPoint = Number(exp) + 1; // x = 0.DIGITS × 10^decimalPoint
  if (decimalPoint > -4 && decimalPoint <= 16) {
    if (decimalPoint <= 0) return `${sign}0.${'0'.repeat(-decimalPoint)}${digitString}`;
    if (decimalPoint >= digitString.length) {
      return `${sign}${digitString}${'0'.repeat(decimalPoint - digitString.length)}.0`;
    }
    return `${sign}${digitString.slice(0, decimalPoint)}.${digitString.slice(decimalPoint)}`;
  }
  const e = decimalPoint - 1;
  const fraction = digitString.length > 1 ? `.${digitString.slice(1)}` : '';
  return `${sign}${digitString[0]}${fraction}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** An argument of pyPercent: a JS number is a Python float, a bigint a Python int. */
export type PyArg = string | number | bigint;

const SPEC = /%([-0+ ]*)(\d*)(?:\.(\d+))?([srdifF%])/g;

/**
 * Python's `fmt % args` for the conversions s, r, d, i, f, F and `%%`, with flags `-0+ `,
 * width and precision. `%s`/`%r` of a number print it as a Python float (str(float));
 * pass a bigint or a string to print an integer with `%s`.
 *
 * @example
 * pyPercent('%-8d %-14.4f|', [16, -6.05487]); // "16       -6.0549       |"
 */
export function pyPercent(fmt: string, args: readonly PyArg[]): string {
  let next = 0;
  const out = fmt.replace(SPEC, (_match, flags: string, width: string, precision: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    if (next >= args.length) throw new RangeError(`pyPercent: not enough arguments for format string ${JSON.stringify(fmt)}`);
    const arg = args[next++]!;
    const body = convert(arg, conv, precision === undefined ? undefined : Number(precision), flags);
    return pad(body, width === '' ? 0 : Number(width), flags, conv);
  });
  if (next !== args.length) {
    throw new RangeError(`pyPercent: not all arguments converted during string formatting (${args.length - next} left)`);
  }
  return out;
}

/** One conversion without padding. */
function convert(arg: PyArg, conv: string, precision: number | undefined, flags: string): string {
  let text: string;
  switch (conv) {
    case 's':
    case 'r':
      text = typeof arg === 'number' ? floatRepr(arg) : typeof arg === 'bigint' ? arg.toString() : arg;
      if (conv === 'r' && typeof arg === 'string') text = `'${arg}'`;
      return precision === undefined ? text : text.slice(0, precision);
    case 'd':
    case 'i':
      if (typeof arg === 'number' && !Number.isFinite(arg)) {
        throw new RangeError(`pyPercent: %${conv} cannot convert float ${floatRepr(arg)} to integer`);
      }
      text = typeof arg === 'bigint' ? arg.toString() : String(Math.trunc(numeric(arg, conv)));
      break;
    default: // f, F
      text = formatFixed(typeof arg === 'bigint' ? Number(arg) : numeric(arg, conv), precision ?? 6);
      if (conv === 'F') text = text.toUpperCase();
  }
  if (!text.startsWith('-')) {
    if (flags.includes('+')) text = `+${text}`;
    else if (flags.includes(' ')) text = ` ${text}`;
  }
  return text;
}

/** A number argument, refusing strings for numeric conversions as Python does. */
function numeric(arg: PyArg, conv: string): number {
  if (typeof arg !== 'number') throw new TypeError(`pyPercent: %${conv} format: a number is required, not ${typeof arg}`);
  return arg;
}

/** Pads to width: left-justified with `-`, zero-filled after the sign with `0` for numbers. */
function pad(text: string, width: number, flags: string, conv: string): string {
  if (text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width, ' ');
  if (flags.includes('0') && conv !== 's' && conv !== 'r' && /\d/.test(text)) {
    const signLength = /^[-+ ]/.test(text) ? 1 : 0;
    return text.slice(0, signLength) + text.slice(signLength).padStart(width - signLength, '0');
  }
  return text.padStart(width, ' ');
}

/** |x| = mantissa · 2^exponent exactly, for a finite non-negative double. */
function exactBinary(x: number): { mantissa: bigint; exponent: number } {
  bits.setFloat64(0, x);
  const high = bits.getUint32(0);
  const low = bits.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  if (biased === 0) return { mantissa: fraction, exponent: -1074 }; // zero and subnormals
  return { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}
