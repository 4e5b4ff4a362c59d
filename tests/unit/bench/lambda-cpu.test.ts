import type { Template } from '../../../scripts/lib/template.js';
import { cpuShareOf, memorySizeOf, quotaUsOf } from '../../../bench/lambda-cpu.js';

const templateWith = (globalMemory?: number, functionMemory?: number): Template => ({
  ...(globalMemory === undefined ? {} : { Globals: { Function: { MemorySize: globalMemory } } }),
  Resources: {
    GetMeFunction: { Type: 'AWS::Serverless::Function', Properties: functionMemory === undefined ? {} : { MemorySize: functionMemory } },
    Table: { Type: 'AWS::DynamoDB::Table', Properties: {} },
  },
});

describe('bench: the Lambda CPU model', () => {
  it("reads the functions' memory from the template's Globals, Lambda's 128 MB when none is set", () => {
    expect(memorySizeOf(templateWith(512))).toBe(512);
    expect(memorySizeOf(templateWith(1024, 1024))).toBe(1024);
    expect(memorySizeOf(templateWith())).toBe(128);
  });

  it('refuses a function whose memory differs from the others (one share models them all)', () => {
    expect(() => memorySizeOf(templateWith(512, 1024))).toThrow('GetMeFunction');
    expect(() => memorySizeOf(templateWith(100))).toThrow('MemorySize');
  });

  it('gives a function its memory over 1,769 MB of a core', () => {
    expect(cpuShareOf(1769)).toBe(1);
    expect(cpuShareOf(512)).toBeCloseTo(0.2894, 4);
    expect(cpuShareOf(128)).toBeCloseTo(0.0724, 4);
  });

  it('turns a share into a CFS quota per period, never under the 1 ms the kernel accepts', () => {
    expect(quotaUsOf(cpuShareOf(512), 20_000)).toBe(5789);
    expect(quotaUsOf(cpuShareOf(512), 100_000)).toBe(28943);
    expect(quotaUsOf(cpuShareOf(128), 10_000)).toBe(1000);
    expect(quotaUsOf(2, 50_000)).toBe(100_000);
    expect(() => quotaUsOf(0, 20_000)).toThrow('positive');
  });
});
