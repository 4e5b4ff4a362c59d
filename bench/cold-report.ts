// The cold-request figures of a run, the per-function choice of layout and the check against the target.
import { againstReference, MODEL_LABELS, type ColdRequestResult, type CpuModel, type TargetCheck } from './cold-request.js';
import { table } from './stats.js';

/** Results by model. */
export type ByModel = Partial<Record<CpuModel, ColdRequestResult>>;

export interface ColdResults {
  /** The models measured; the first decides (the Lambda model, or full core with --no-cpu-model). */
  models: CpuModel[];
  references: Array<{ id: string; label: string; results: ByModel }>;
  /** Function id -> layout name -> results. */
  functions: Record<string, Record<string, ByModel>>;
  layouts: string[];
}

export interface LayoutDecision {
  functionId: string;
  /** Over the floor, deciding model, by layout. */
  overFloor: Record<string, number>;
  best: string;
  /** How much the best layout saves over the next best, ms and share of it. */
  marginMs: number;
  marginShare: number;
  asBuilt: TargetCheck;
  bestLayout: TargetCheck;
}

const overFloorOf = (results: ByModel | undefined, model: CpuModel): number => {
  const result = results?.[model];
  if (!result) throw new Error(`no ${model} results`);
  return result.overFloor;
};

/** Per function, the layout whose cold request over the floor is lowest under `model`, and the target check of each. */
export function decideLayouts(
  cold: ColdResults,
  referenceId: string,
  required: number,
  model = cold.models[0] as CpuModel,
): LayoutDecision[] {
  const reference = cold.references.find((r) => r.id === referenceId);
  const referenceOverFloor = overFloorOf(reference?.results, model);
  const [asBuilt] = cold.layouts as [string];
  return Object.entries(cold.functions).map(([functionId, byLayout]) => {
    const overFloor = Object.fromEntries(cold.layouts.map((layout) => [layout, overFloorOf(byLayout[layout], model)]));
    const ranked = [...cold.layouts].sort((a, b) => (overFloor[a] as number) - (overFloor[b] as number));
    const [best, next] = ranked as [string, string | undefined];
    const marginMs = next === undefined ? 0 : (overFloor[next] as number) - (overFloor[best] as number);
    return {
      functionId,
      overFloor,
      best,
      marginMs,
      marginShare: next === undefined ? 0 : marginMs / (overFloor[next] as number),
      asBuilt: againstReference(overFloor[asBuilt] as number, referenceOverFloor, required),
      bestLayout: againstReference(overFloor[best] as number, referenceOverFloor, required),
    };
  });
}

const ms = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(1));
const percent = (share: number) => `${(share * 100).toFixed(0)}%`;

/**
 * One row per reference and per function and layout: init, first invocation, cold request, over the
 * floor, per model; then the CPU time of init and of the first invocation under the first model.
 */
export function coldTable(cold: ColdResults): string {
  const [first] = cold.models as [CpuModel];
  const header = [
    'handler',
    ...cold.models.flatMap((model) => [`${model}: init`, '1st invoke', 'cold request', 'over floor']),
    'CPU: init',
    '1st invoke',
    'AWS calls',
  ];
  const cells = (results: ByModel | undefined) => [
    ...cold.models.flatMap((model) => {
      const r = results?.[model];
      return [ms(r?.init), ms(r?.firstInvoke), ms(r?.coldRequest), ms(r?.overFloor)];
    }),
    ms(results?.[first]?.initCpu),
    ms(results?.[first]?.invokeCpu),
    String(results?.[first]?.awsCalls ?? '-'),
  ];
  const [asBuilt] = cold.layouts as [string];
  const rows = [
    ...cold.references.map((r) => [r.label, ...cells(r.results)]),
    ...Object.entries(cold.functions).flatMap(([id, byLayout]) =>
      cold.layouts.map((layout) => [layout === asBuilt ? id : `  ${layout} layout`, ...cells(byLayout[layout])]),
    ),
  ];
  const legend = cold.models.map((model) => `${model}: ${MODEL_LABELS[model]}`).join('; ');
  return `${table(header, rows)}\nmedians in ms; ${legend}; CPU: CPU time of all threads under the ${first} model (init includes Node's bootstrap); AWS calls: requests the stub answered per first invocation`;
}

/** The per-function choice of layout and the target, under the deciding model. */
export function decisionTable(cold: ColdResults, decisions: LayoutDecision[], required: number): string {
  const [asBuilt] = cold.layouts as [string];
  const header = [
    'function',
    ...cold.layouts.map((layout) => `${layout}: over floor`),
    'better',
    'by ms',
    'by',
    `${asBuilt}: below ref`,
    'better: below ref',
    `target (${percent(required)} below)`,
  ];
  const rows = decisions.map((d) => [
    d.functionId,
    ...cold.layouts.map((layout) => ms(d.overFloor[layout])),
    d.best,
    ms(d.marginMs),
    percent(d.marginShare),
    percent(d.asBuilt.below),
    percent(d.bestLayout.below),
    `${d.asBuilt.met ? 'met' : 'MISSED'} as built, ${d.bestLayout.met ? 'met' : 'MISSED'} with the better layout`,
  ]);
  return table(header, rows);
}
