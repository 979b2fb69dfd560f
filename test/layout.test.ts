// Reflected layouts, named uniform writes, the dispatch planner and the 2-D workgroup fold.
import { describe, expect, test } from 'vitest';
import { foldWorkgroups } from '../src/gpu/batch';
import { reflectKernel } from '../src/gpu/reflect';
import { shaderSource } from '../src/gpu/shader-sources';
import { writeUniforms } from '../src/gpu/uniforms';
import { FOLD_PER_GROUP, MAX_ITEMS_PER_DISPATCH, planSums } from '../src/engine/plan';

describe('reflection', () => {
  test('bindings in binding order and uniform offsets come from the WGSL', () => {
    const info = reflectKernel(shaderSource('reduce/example_sums.wgsl'), 'main');
    expect(info.bindings.map((b) => [b.binding, b.name, b.kind])).toEqual([
      [0, 'params', 'uniform'], [1, 'w', 'read-only-storage'], [2, 'w_true', 'read-only-storage'],
      [3, 'x_data', 'read-only-storage'], [4, 'y_data', 'read-only-storage'],
      [5, 'batch_indices', 'read-only-storage'], [6, 'partials', 'storage'],
    ]);
    const f = info.uniform!.fields;
    expect(f.get('data_key')).toMatchObject({ type: 'vec2<u32>', size: 8 });
    expect(f.get('data_key')!.offset % 8).toBe(0);   // WGSL aligns vec2<u32> to 8 bytes
    expect(f.get('sample_key')!.offset).toBe(f.get('data_key')!.offset + 8);
    expect(info.uniform!.size % 16).toBe(0);
  });

  test('writeUniforms puts each named value at its reflected offset and rejects mistakes', () => {
    const info = reflectKernel(shaderSource('sgd/update.wgsl'), 'main').uniform!;
    const view = new DataView(writeUniforms(info, { d: 3, count: 256, lr: 0.05, momentum: 0.9, dampening: 0, weight_decay: 0, nesterov: true, first_step: 0 }));
    expect(view.getUint32(info.fields.get('d')!.offset, true)).toBe(3);
    expect(view.getFloat32(info.fields.get('lr')!.offset, true)).toBeCloseTo(0.05, 7);
    expect(view.getUint32(info.fields.get('nesterov')!.offset, true)).toBe(1);
    expect(() => writeUniforms(info, { d: 3, count: 256 })).toThrow(/lr was not given/);
    expect(() => writeUniforms(info, { d: 3, count: 256, lr: 1, extra: 1 })).toThrow(/no field "extra"/);
    expect(() => writeUniforms(info, { d: -1, count: 256, lr: 1 })).toThrow(/cannot hold -1/);
  });

  test('shader imports are resolved once each, and unknown files are named', () => {
    const code = shaderSource('reduce/example_sums.wgsl');
    expect(code.match(/\/\/ ---- shaders\/lib\/rng\.wgsl/g)).toHaveLength(1);
    expect(code.indexOf('shaders/lib/rng.wgsl')).toBeLessThan(code.indexOf('shaders/reduce/example_sums.wgsl'));
    expect(() => shaderSource('nope.wgsl')).toThrow(/shaders\/nope\.wgsl not found/);
  });
});

describe('planSums', () => {
  test('every item is covered, work per dispatch is bounded, folds end at one', () => {
    for (const [rows, items, width] of [[1, 1, 2], [1000, 1, 2], [400, 1024, 2], [1, 2 ** 24, 2], [1, 2 ** 32 - 1, 17], [1000, 2 ** 20, 3]]) {
      const p = planSums(rows, items, width);
      expect(p.lanesPerRow * p.itemsPerLane).toBeGreaterThanOrEqual(items);
      expect((p.lanesPerRow - 1) * p.itemsPerLane).toBeLessThan(items);    // no idle lane
      expect(p.lanesPerDispatch * p.itemsPerLane).toBeLessThanOrEqual(Math.max(MAX_ITEMS_PER_DISPATCH, p.itemsPerLane));
      expect(p.folds.at(-1) ?? 1).toBe(1);
      let inputs = p.lanesPerRow;
      for (const out of p.folds) {
        expect(Math.ceil(inputs / out)).toBeLessThanOrEqual(FOLD_PER_GROUP);
        inputs = out;
      }
    }
  });

  test('the 2-D fold covers the count without passing the per-dimension limit', () => {
    for (const count of [1, 65535, 65536, 200000, 65535 * 65535]) {
      const [x, y] = foldWorkgroups(count, 65535);
      expect(x).toBeLessThanOrEqual(65535);
      expect(y).toBeLessThanOrEqual(65535);
      expect(x * y).toBeGreaterThanOrEqual(count);
    }
  });
});
