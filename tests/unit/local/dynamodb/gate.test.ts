import { Gate } from '../../../../local/dynamodb/gate.js';

/** Whether `promise` has settled once pending callbacks have run. */
const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

it('lets shared requests in together', async () => {
  const gate = new Gate();
  const first = gate.enter(false);
  const second = gate.enter(false);
  expect([await settled(first), await settled(second)]).toEqual([true, true]);
});

it('keeps an exclusive request waiting until the shared ones inside leave, then alone', async () => {
  const gate = new Gate();
  const leaveShared = await gate.enter(false);
  const exclusive = gate.enter(true);
  expect(await settled(exclusive)).toBe(false);
  leaveShared();
  const leaveExclusive = await exclusive;
  const laterShared = gate.enter(false);
  expect(await settled(laterShared)).toBe(false);
  leaveExclusive();
  expect(await settled(laterShared)).toBe(true);
});

it('admits in arrival order: a shared request behind a waiting exclusive one waits too', async () => {
  const gate = new Gate();
  const order: string[] = [];
  const leaveFirst = await gate.enter(false);
  const exclusive = gate.enter(true).then((leave) => (order.push('exclusive'), leave));
  const shared = gate.enter(false).then((leave) => (order.push('shared'), leave));
  expect(await settled(shared)).toBe(false);
  leaveFirst();
  (await exclusive)();
  await shared;
  expect(order).toEqual(['exclusive', 'shared']);
});

it('runs work alone and lets the next in even when the work throws', async () => {
  const gate = new Gate();
  await expect(gate.alone(() => Promise.reject(new Error('failed')))).rejects.toThrow('failed');
  expect(await settled(gate.enter(true))).toBe(true);
});

it('refuses waiting and later requests once closed', async () => {
  const gate = new Gate();
  const leave = await gate.enter(true);
  const waiting = gate.enter(false);
  gate.close(new Error('restart me'));
  leave();
  await expect(waiting).rejects.toThrow('restart me');
  await expect(gate.enter(false)).rejects.toThrow('restart me');
});
