import { httpChecks, type HttpResults, type PairedRounds, type RouteResult } from '../../../bench/http.js';

const TARGETS = { healthRps: 3000, meVsDirect: 0.4, httpP99Ms: 50 };

const route = (name: string, requestsPerSecond: number): RouteResult => ({
  name,
  warmUp: { requests: 15_000, seconds: 20 },
  requestsPerSecond,
  p50: 10,
  p99: 20,
  errors: 0,
  timeouts: 0,
  non2xx: 0,
});

const rounds = (ratios: number[], errors = 0, non2xx = 0): PairedRounds => ({ seconds: 4, ratios, errors, non2xx });

const run = (me: number, direct: number, meVsDirect: PairedRounds): HttpResults => ({
  connections: 20,
  duration: 10,
  routes: [route('GET /health', 5000), route('GET /me', me), route('Cognito GetUser (direct)', direct)],
  meVsDirect,
});

const check = (results: HttpResults, prefix: string) => {
  const found = httpChecks(results, TARGETS).find(([label]) => label.startsWith(prefix));
  if (!found) throw new Error(`no check starting with ${prefix}`);
  return found;
};

describe('bench: the local HTTP API checks', () => {
  it('judges GET /me by the median of the alternated rounds', () => {
    // The single measurements say 30%, the first and the lowest round 20%, the mean 39%: the median
    // (41%) decides.
    expect(check(run(300, 1000, rounds([0.2, 0.41, 0.45, 0.38, 0.5])), 'GET /me')).toEqual([
      'GET /me >= 40% of direct GetUser (median of 5 alternated rounds: 41%)',
      true,
    ]);
    // The single measurements say 50%, the first round 90%, the mean 46%: the median (39%) decides.
    expect(check(run(500, 1000, rounds([0.9, 0.38, 0.39, 0.2, 0.41])), 'GET /me')).toEqual([
      'GET /me >= 40% of direct GetUser (median of 5 alternated rounds: 39%)',
      false,
    ]);
  });

  it('counts the errors and non-2xx answers of the rounds too', () => {
    expect(check(run(450, 1000, rounds([0.45])), 'zero errors')[1]).toBe(true);
    expect(check(run(450, 1000, rounds([0.45], 0, 3)), 'zero errors')[1]).toBe(false);
    expect(check(run(450, 1000, rounds([0.45], 1, 0)), 'zero errors')[1]).toBe(false);
  });
});
