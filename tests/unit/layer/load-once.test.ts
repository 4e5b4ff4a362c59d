import { loadOnce } from '../../../layers/shared/src/load-once.js';

describe('loadOnce', () => {
  it('loads on the first call only and hands every caller the same value', async () => {
    const load = jest.fn(async () => ({ client: 'one' }));
    const get = loadOnce(load);
    expect(load).not.toHaveBeenCalled();
    const [a, b] = await Promise.all([get(), get()]);
    expect(await get()).toBe(a);
    expect(b).toBe(a);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('forgets a failed load, so the next call tries again', async () => {
    const load = jest.fn().mockRejectedValueOnce(new Error('chunk missing')).mockResolvedValueOnce('loaded');
    const get = loadOnce(load as () => Promise<string>);
    await expect(get()).rejects.toThrow('chunk missing');
    await expect(get()).resolves.toBe('loaded');
    await expect(get()).resolves.toBe('loaded');
    expect(load).toHaveBeenCalledTimes(2);
  });
});
