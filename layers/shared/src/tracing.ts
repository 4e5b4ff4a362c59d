import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';

// Loaded by an execution environment's first invocation, not at init (powertools.ts says why).
// One Tracer per execution environment.
//
// AWS calls are traced per client (tracer.captureAWSv3Client): a subsegment per call. Tracer's
// default patch of node:http/node:https (captureHTTPsRequests) is off: it wraps the CommonJS module
// objects' `request`/`get`, which the SDK's ES module imports do not go through, so it never traced
// anything here (checked against a live endpoint: the same subsegments with it on or off), while
// loading node:http, node:https and TLS for it cost 5–7 ms of the cold start of a function that
// makes no AWS call (health). Outgoing fetch() calls stay traced: Powertools' fetch instrumentation
// (a diagnostics_channel subscription, which the patch option also governs) is turned on here.
export const tracer = new Tracer({ captureHTTPsRequests: false });
if (tracer.isTracingEnabled()) tracer.provider.instrumentFetch();

/** The `## index.handler` subsegment of every invocation; responses carry tokens, so they are not captured. */
export const handlerTracing = captureLambdaHandler(tracer, { captureResponse: false });
