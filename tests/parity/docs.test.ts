// docs/cognito-parity.md mirrors the suite: every case, every known difference, every behaviour moto lacks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parityCases } from './cases/index.js';
import { knownDifferences } from './known-differences.js';
import { motoLacks } from './moto-lacks.js';

// The cells of every table row (Prettier pads them).
const rows = readFileSync(join(process.cwd(), 'docs/cognito-parity.md'), 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('|'))
  .map((line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );
const targets = new Set(knownDifferences.map((entry) => entry.target));

describe('docs/cognito-parity.md', () => {
  it('lists every case', () => {
    const missing = parityCases.filter((parityCase) => !rows.some(([first]) => first === parityCase.id));
    expect(missing.map((parityCase) => parityCase.id)).toEqual([]);
  });

  it('has one row per known difference, and no other', () => {
    const cellsOf = (entry: (typeof knownDifferences)[number]) => [
      entry.target,
      entry.case,
      entry.check,
      `${entry.kind}${entry.endsCase ? ' (ends the case)' : ''}`,
      entry.answer,
    ];
    const missing = knownDifferences.map(cellsOf).filter((cells) => !rows.some((row) => cells.every((cell, i) => row[i] === cell)));
    expect(missing).toEqual([]);
    expect(rows.filter(([first]) => targets.has(first ?? ''))).toHaveLength(knownDifferences.length);
  });

  it('lists every behaviour moto lacks', () => {
    const missing = motoLacks.filter((lack) => !rows.some(([first]) => first === lack.behaviour));
    expect(missing.map((lack) => lack.behaviour)).toEqual([]);
  });
});
