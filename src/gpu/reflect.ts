/**
 * Layouts from the WGSL itself (wgsl_reflect): the bindings an entry point uses, and the
 * byte offset and type of every field of its uniform struct. Nothing here is counted by hand.
 */
import { WgslReflect, ResourceType } from 'wgsl_reflect/wgsl_reflect.module.js';

export type BindingKind = 'uniform' | 'storage' | 'read-only-storage';

export interface BindingInfo {
  name: string;
  group: number;
  binding: number;
  kind: BindingKind;
}

export interface FieldInfo {
  offset: number;
  /** WGSL type name: u32, i32, f32, vec2<u32>, … */
  type: string;
  size: number;
}

export interface UniformInfo {
  name: string;
  /** Struct size in bytes, padded to a multiple of 16 as uniform buffers require. */
  size: number;
  fields: Map<string, FieldInfo>;
}

export interface KernelInfo {
  bindings: BindingInfo[];
  uniform: UniformInfo | null;
  workgroupSize: [number, number, number] | null;
}

/**
 * Reflect one compute entry point of a WGSL module.
 * @example const info = reflectKernel(code, 'main'); info.uniform?.fields.get('n')?.offset
 */
export function reflectKernel(code: string, entry: string): KernelInfo {
  const reflect = new WgslReflect(code);
  const fn = reflect.entry.compute.find((f) => f.name === entry);
  if (!fn) throw new Error(`no @compute entry point named "${entry}" (found: ${reflect.entry.compute.map((f) => f.name).join(', ') || 'none'})`);

  const bindings: BindingInfo[] = [];
  let uniform: UniformInfo | null = null;
  for (const v of fn.resources) {
    if (v.resourceType === ResourceType.Uniform) {
      if (uniform) throw new Error(`entry point "${entry}" uses more than one uniform buffer; kernels here take one params struct`);
      const members = v.type.isStruct ? (v.type as unknown as { members: { name: string; offset: number; size: number; type: { name: string; format?: { name: string } | null } }[] }).members : [];
      const fields = new Map<string, FieldInfo>();
      for (const m of members) {
        const t = m.type.format ? `${m.type.name}<${m.type.format.name}>` : m.type.name;
        fields.set(m.name, { offset: m.offset, type: t, size: m.size });
      }
      uniform = { name: v.name, size: Math.ceil(v.type.size / 16) * 16, fields };
      bindings.push({ name: v.name, group: v.group, binding: v.binding, kind: 'uniform' });
    } else if (v.resourceType === ResourceType.Storage) {
      bindings.push({ name: v.name, group: v.group, binding: v.binding, kind: v.access === 'read' ? 'read-only-storage' : 'storage' });
    } else {
      throw new Error(`entry point "${entry}" binds ${v.name}, a resource kind this engine does not use`);
    }
  }
  // Reflection lists resources in order of use; the layout wants binding order.
  bindings.sort((a, b) => a.group - b.group || a.binding - b.binding);
  if (bindings.some((b) => b.group !== 0)) throw new Error(`entry point "${entry}": kernels here use @group(0) only`);
  return { bindings, uniform, workgroupSize: fn.workgroupSize };
}
