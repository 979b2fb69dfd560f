/**
 * Writes a uniform struct through named fields, at the offsets reflection found.
 * @example writeUniforms(info.uniform, { n: 20000, noise: 0.1, data_key: [seed, 0] })
 */
import type { UniformInfo } from './reflect';

export type UniformValue = number | boolean | readonly number[];
export type UniformValues = Record<string, UniformValue>;

/** Packs `values` into a new ArrayBuffer laid out as `info` says; every field must be given. */
export function writeUniforms(info: UniformInfo, values: UniformValues): ArrayBuffer {
  const data = new ArrayBuffer(info.size);
  const view = new DataView(data);
  for (const name of Object.keys(values)) {
    if (!info.fields.has(name)) throw new Error(`uniform struct ${info.name} has no field "${name}" (fields: ${[...info.fields.keys()].join(', ')})`);
  }
  for (const [name, field] of info.fields) {
    const value = values[name];
    if (value === undefined) throw new Error(`uniform field ${info.name}.${name} was not given a value`);
    const parts = typeof value === 'object' ? value : [Number(value)];
    const scalar = field.type.match(/^(?:vec(\d)<)?(u32|i32|f32)>?$/);
    if (!scalar) throw new Error(`uniform field ${info.name}.${name} has type ${field.type}, which writeUniforms does not handle`);
    const count = scalar[1] ? Number(scalar[1]) : 1;
    if (parts.length !== count) throw new Error(`uniform field ${info.name}.${name} (${field.type}) needs ${count} value(s), got ${parts.length}`);
    parts.forEach((v, k) => {
      const at = field.offset + 4 * k;
      if (scalar[2] === 'f32') {
        view.setFloat32(at, v, true);
      } else {
        if (!Number.isInteger(v) || (scalar[2] === 'u32' ? v < 0 || v > 0xffffffff : v < -0x80000000 || v > 0x7fffffff)) {
          throw new Error(`uniform field ${info.name}.${name} (${field.type}) cannot hold ${v}`);
        }
        if (scalar[2] === 'u32') view.setUint32(at, v, true);
        else view.setInt32(at, v, true);
      }
    });
  }
  return data;
}
