// `@authapi/shared`: the whole auth API in one import for code other than the functions (tests,
// tools), with zod's classic API as `z` (chained methods: `z.string().min(1)`). The functions import
// the entry point made for them (`./auth`, `./http`, `./input`, `./messages`), which
// load less on a cold start: `./auth` is this module with the zod/mini vocabulary as `z`. Module
// instances (Logger, Tracer, clients) are the same whichever entry point a module comes from.
export * from './auth.js';
export * as z from './http/z-classic.js';
