/**
 * The WGSL files, loaded the same way in the page and in Node: Vite's `?raw` glob import,
 * which the CLI gets through Vite's module runner. Each file exists once, in shaders/.
 *
 * A kernel names the library files it needs with `// #import lib/rng.wgsl` lines; they are
 * prepended once each, in dependency order. Whole files only: no snippets, no templating.
 */
const files = import.meta.glob('../../shaders/**/*.wgsl', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

const PREFIX = '../../shaders/';
const IMPORT_LINE = /^\/\/ #import (\S+\.wgsl)\s*$/gm;
const ENABLE_LINE = /^enable [^;]+;[ \t]*$/gm;

/** Raw text of one file under shaders/, e.g. `rawShader('lib/rng.wgsl')`. */
export function rawShader(path: string): string {
  const text = files[PREFIX + path];
  if (text === undefined) {
    throw new Error(`shader file shaders/${path} not found (known: ${Object.keys(files).map((f) => f.slice(PREFIX.length)).join(', ')})`);
  }
  return text;
}

/**
 * A kernel's complete source: its imports (recursively, each once) followed by the file.
 * @example const code = shaderSource('reduce/example_sums.wgsl');
 */
export function shaderSource(path: string): string {
  const order: string[] = [];
  const visit = (p: string, stack: string[]) => {
    if (order.includes(p)) return;
    if (stack.includes(p)) throw new Error(`shader import cycle: ${[...stack, p].join(' -> ')}`);
    for (const m of rawShader(p).matchAll(IMPORT_LINE)) visit(m[1], [...stack, p]);
    order.push(p);
  };
  visit(path, []);
  // `enable` directives must open the module, so they move above the imported files.
  const enables = new Set<string>();
  const body = order.map((p) => `// ---- shaders/${p}\n${rawShader(p).replace(ENABLE_LINE, (line) => {
    enables.add(line.trim());
    return `// (moved to the top) ${line.trim()}`;
  })}`);
  return [...enables, ...body].join('\n');
}
