import { strict as assert } from 'node:assert';
import { cloneJson, deepFreeze, sameJson } from '../../../src/store/jsonValues';

describe('store/jsonValues', () => {
  const sample = () => ({ a: 1, b: [1, { c: 'x', d: null }], e: { f: true, g: undefined as unknown } });

  it('cloneJson copies deeply, keeping key order', () => {
    const v = sample();
    const c = cloneJson(v);
    assert.deepStrictEqual(c, v);
    assert.notEqual(c.b, v.b);
    assert.notEqual(c.b[1], v.b[1]);
    assert.deepEqual(Object.keys(c.e), ['f', 'g']);
  });

  it('deepFreeze freezes every level', () => {
    const v = deepFreeze(sample());
    assert.ok(Object.isFrozen(v) && Object.isFrozen(v.b) && Object.isFrozen(v.b[1]) && Object.isFrozen(v.e));
    assert.throws(() => ((v.b[1] as { c: string }).c = 'y'), TypeError);
  });

  it('sameJson compares content and key order, and only plain objects', () => {
    assert.equal(sameJson(sample(), sample()), true);
    assert.equal(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 }), false, 'key order matters: it changes the file');
    assert.equal(sameJson({ a: 1 }, { a: 1, b: undefined }), false);
    assert.equal(sameJson([1, 2], [1, 2, 3]), false);
    assert.equal(sameJson({ 0: 1 }, [1]), false);
    assert.equal(sameJson([1], { 0: 1 }), false);
    assert.equal(sameJson(Object.assign(new Date(0), { a: 1 }), { a: 1 }), false);
    assert.equal(sameJson(undefined, null), false);
    assert.equal(sameJson(NaN, NaN), false, 'NaN never passes as unchanged: the schema must see it');
  });
});
