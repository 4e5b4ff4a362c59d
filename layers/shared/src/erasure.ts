// `@authapi/shared/erasure`: erasing a deleted account's data (docs/erasure.md): the user's partitions in the
// messages and accounts tables, the directory's entries, and the queue that carries an erasure on past one
// invocation (template: ErasureQueue, worker functions/erase-account).
export { isTombstoned, removeDirectoryEntries } from './erasure/account.js';
export { erasureBudget } from './erasure/budget.js';
export { eraseUserData, type ErasureBudget, type ErasureProgress } from './erasure/erase.js';
export { erasureJobOf, type ErasureJob } from './erasure/job.js';
export { erasureQueue, handOff } from './erasure/queue.js';
export { queueHandler } from './erasure/handler.js';
