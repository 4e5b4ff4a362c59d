import { decideLayouts, type ColdResults } from '../../../bench/cold-report.js';
import { againstReference, coldRequestResult, type ColdRequestResult, type ColdSample } from '../../../bench/cold-request.js';

const sample = (init: number, firstInvoke: number): ColdSample => ({
  init,
  bootstrap: 20,
  firstInvoke,
  initCpu: init,
  invokeCpu: firstInvoke,
  statusCode: 200,
  builtins: [],
});

const result = (overFloor: number): ColdRequestResult => ({
  samples: 1,
  init: 0,
  firstInvoke: 0,
  coldRequest: overFloor + 30,
  coldRequestP90: overFloor + 30,
  overFloor,
  initCpu: 0,
  invokeCpu: 0,
  statusCodes: [200],
  awsCalls: 1,
});

describe('bench: cold requests', () => {
  it("takes the median of each sample's init plus first invocation, not the sum of two medians", () => {
    // Medians: init 50, first invocation 20; the cold requests are 60, 75 and 100: median 75, not 70.
    const samples = [sample(40, 20), sample(50, 25), sample(90, 10)];
    const floor = [sample(30, 0), sample(31, 0), sample(29, 0)];
    expect(coldRequestResult(samples, floor)).toMatchObject({ init: 50, firstInvoke: 20, coldRequest: 75, overFloor: 45 });
  });

  it('meets the target at 40% below the reference over the floor, and misses it just above', () => {
    expect(againstReference(60, 100, 0.4)).toEqual({ below: 0.4, met: true });
    expect(againstReference(61, 100, 0.4).met).toBe(false);
    expect(againstReference(130, 100, 0.4)).toEqual({ below: expect.closeTo(-0.3, 5), met: false });
  });

  it('refuses a reference that costs no more than the floor', () => {
    expect(() => againstReference(10, 0, 0.4)).toThrow('reference');
  });

  it('picks per function the layout with the lower cold request under the deciding model', () => {
    const cold: ColdResults = {
      models: ['lambda', 'shared'],
      layouts: ['as built', 'init'],
      references: [{ id: 'NaiveEsm', label: 'naive', results: { lambda: result(200), shared: result(300) } }],
      functions: {
        GetMeFunction: { 'as built': { lambda: result(150), shared: result(100) }, init: { lambda: result(100), shared: result(110) } },
        HealthFunction: { 'as built': { lambda: result(40), shared: result(50) }, init: { lambda: result(50), shared: result(50) } },
      },
    };
    const [getMe, health] = decideLayouts(cold, 'NaiveEsm', 0.4);
    expect(getMe).toEqual({
      functionId: 'GetMeFunction',
      overFloor: { 'as built': 150, init: 100 },
      best: 'init',
      marginMs: 50,
      marginShare: 50 / 150,
      asBuilt: { below: 0.25, met: false },
      bestLayout: { below: 0.5, met: true },
    });
    expect(health).toMatchObject({ best: 'as built', marginMs: 10, asBuilt: { below: 0.8, met: true } });
    // Under the shared model GetMe's init layout loses: the model decides.
    expect(decideLayouts(cold, 'NaiveEsm', 0.4, 'shared')[0]).toMatchObject({ best: 'as built', marginMs: 10 });
  });
});
