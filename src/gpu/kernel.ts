/**
 * A compute kernel: one .wgsl file, its pipeline, and the layout reflected from it.
 * Bindings are passed by WGSL name, uniforms by field name.
 * @example
 *   const k = await Kernel.create(gpu, 'sgd/update.wgsl');
 *   batch.dispatch(k, { params: { d: 1, count: 256, lr: 0.05 }, sums, w }, 1);
 */
import { GpuContext, GpuError } from './context';
import { reflectKernel, type KernelInfo } from './reflect';
import { shaderSource } from './shader-sources';
import { writeUniforms, type UniformValues } from './uniforms';

/** Maps a line of the assembled source back to `shaders/<file>:<line>`. */
function sourceLocation(code: string, line: number): string {
  const lines = code.split('\n');
  let file = '?';
  let start = 0;
  for (let i = 0; i < Math.min(line, lines.length); i++) {
    const m = lines[i].match(/^\/\/ ---- (shaders\/\S+)$/);
    if (m) { file = m[1]; start = i + 1; }
  }
  return `${file}:${line - start}`;
}

export class Kernel {
  private constructor(
    readonly file: string,
    readonly info: KernelInfo,
    readonly pipeline: GPUComputePipeline,
    readonly layout: GPUBindGroupLayout,
    /** Threads per workgroup (x), after overrides. */
    readonly workgroupSize: number,
  ) {}

  /** Compiles `shaders/<file>` (entry point `main`), with override constants if given. */
  static async create(gpu: GpuContext, file: string, overrides: Record<string, number> = {}): Promise<Kernel> {
    const code = shaderSource(file);
    const info = reflectKernel(code, 'main');
    const { device } = gpu;
    const module = device.createShaderModule({ label: file, code });
    const compiled = await module.getCompilationInfo();
    const errors = compiled.messages.filter((m) => m.type === 'error');
    if (errors.length > 0) {
      const text = errors.map((m) => `${sourceLocation(code, m.lineNum)}: ${m.message}`).join('\n');
      gpu.fail(`WGSL compilation failed for ${file}:\n${text}`);
      throw new GpuError(`WGSL compilation failed for ${file}:\n${text}`);
    }
    const layout = device.createBindGroupLayout({
      label: `${file} layout`,
      entries: info.bindings.map((b) => ({
        binding: b.binding,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type: b.kind },
      })),
    });
    const pipeline = await gpu.guard(device.createComputePipelineAsync({
      label: file,
      layout: device.createPipelineLayout({ label: `${file} pipeline layout`, bindGroupLayouts: [layout] }),
      compute: { module, entryPoint: 'main', constants: overrides },
    })).catch((e: unknown) => {
      throw new GpuError(`pipeline for ${file} failed: ${e instanceof Error ? e.message : String(e)}`);
    });
    const size = overrides.WG ?? info.workgroupSize?.[0] ?? 1;
    return new Kernel(file, info, pipeline, layout, size);
  }

  /** Bind group for one dispatch: uniforms go into `uniformBuffer`, the rest by name. */
  bindGroup(device: GPUDevice, uniformBuffer: GPUBuffer | null, buffers: Record<string, GPUBuffer>): GPUBindGroup {
    const entries = this.info.bindings.map((b) => {
      const buffer = b.kind === 'uniform' ? uniformBuffer : buffers[b.name];
      if (!buffer) throw new GpuError(`${this.file}: no buffer given for binding "${b.name}"`);
      return { binding: b.binding, resource: { buffer } };
    });
    return device.createBindGroup({ label: `${this.file} bindings`, layout: this.layout, entries });
  }

  /** The uniform bytes for one dispatch, or null when the kernel has no uniform struct. */
  uniformBytes(values: UniformValues | undefined): ArrayBuffer | null {
    if (!this.info.uniform) return null;
    if (!values) throw new GpuError(`${this.file}: uniform values for "${this.info.uniform.name}" are missing`);
    return writeUniforms(this.info.uniform, values);
  }
}
