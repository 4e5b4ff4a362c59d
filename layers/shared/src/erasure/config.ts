// The template's settings for erasure, read at call time so tests can set them.

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** The queue that carries an erasure on past one invocation (template: ErasureQueue). */
export const erasureQueueUrl = (): string => required('ERASURE_QUEUE_URL');

/** How many items one invocation erases before it hands the rest on (template: ErasureItemsPerInvocation). */
export function erasureItemsPerInvocation(): number {
  const value = Number(required('ERASURE_ITEMS_PER_INVOCATION'));
  if (!Number.isInteger(value) || value < 1) throw new Error('ERASURE_ITEMS_PER_INVOCATION must be a positive integer');
  return value;
}
