import { coalesceWrites } from '../../../local/coalesce-writes.js';

/** A file engine whose writes finish when the test says so. */
function controlledEngine() {
  const writes: Array<{ data: unknown; finish: () => void; fail: (error: Error) => void }> = [];
  let running = 0;
  let mostAtOnce = 0;
  const engine = {
    write: (data: unknown): Promise<void> => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      return new Promise<void>((resolve, reject) => {
        writes.push({ data, finish: resolve, fail: reject });
      }).finally(() => (running -= 1));
    },
  };
  coalesceWrites(engine);
  return { engine, writes, mostAtOnce: () => mostAtOnce };
}

const settled = async (promise: Promise<unknown>) => {
  let state = 'pending';
  promise.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return state;
};

describe('coalesceWrites (the embedded Cognito pool file)', () => {
  it('starts a write at once when none is running', async () => {
    const { engine, writes } = controlledEngine();
    const first = engine.write({ v: 1 });

    expect(writes.map((w) => w.data)).toEqual([{ v: 1 }]);
    writes[0]?.finish();
    await expect(first).resolves.toBeUndefined();
  });

  it('writes the changes made during a write together, once, with the latest data, after it', async () => {
    const { engine, writes, mostAtOnce } = controlledEngine();
    const first = engine.write({ v: 1 });
    const second = engine.write({ v: 2 });
    const third = engine.write({ v: 3 });

    expect(writes).toHaveLength(1);
    writes[0]?.finish();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes.map((w) => w.data)).toEqual([{ v: 1 }, { v: 3 }]);
    // Both waiting callers wait for the write that holds their change.
    expect(await settled(second)).toBe('pending');
    expect(await settled(third)).toBe('pending');
    writes[1]?.finish();
    await expect(Promise.all([second, third])).resolves.toEqual([undefined, undefined]);
    expect(mostAtOnce()).toBe(1);
  });

  it('makes a change arriving during the second write wait for a third', async () => {
    const { engine, writes } = controlledEngine();
    void engine.write({ v: 1 });
    const second = engine.write({ v: 2 });
    writes[0]?.finish();
    await new Promise((resolve) => setImmediate(resolve));
    const third = engine.write({ v: 3 });
    writes[1]?.finish();
    await second;

    expect(await settled(third)).toBe('pending');
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes.map((w) => w.data)).toEqual([{ v: 1 }, { v: 2 }, { v: 3 }]);
    writes[2]?.finish();
    await expect(third).resolves.toBeUndefined();
  });

  it('rejects the callers of a failed write without blocking the next one', async () => {
    const { engine, writes } = controlledEngine();
    const first = engine.write({ v: 1 });
    const second = engine.write({ v: 2 });
    writes[0]?.fail(new Error('disk full'));

    await expect(first).rejects.toThrow('disk full');
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes.map((w) => w.data)).toEqual([{ v: 1 }, { v: 2 }]);
    writes[1]?.finish();
    await expect(second).resolves.toBeUndefined();
  });
});
