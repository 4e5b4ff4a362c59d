import { Logger } from '@aws-lambda-powertools/logger';
import { Tracer } from '@aws-lambda-powertools/tracer';

// One Logger and one Tracer per execution environment; service name and log level come from
// POWERTOOLS_SERVICE_NAME / POWERTOOLS_LOG_LEVEL in the template.
export const logger = new Logger();

// AWS calls are traced per client (tracer.captureAWSv3Client): a subsegment per call. Tracer's
// default patch of node:http/node:https (captureHTTPsRequests) is off: it wraps the CommonJS module
// objects' `request`/`get`, which the SDK's ES module imports do not go through, so it never traced
// anything here (checked against a live endpoint: the same subsegments with it on or off), while
// loading node:http, node:https and TLS for it cost 5–7 ms of the cold start of a function that
// makes no AWS call (health; ~1 ms of it, DNS for the X-Ray UDP socket, is now paid by its first
// invocation instead). Outgoing fetch() calls stay traced: Powertools' fetch instrumentation (a
// diagnostics_channel subscription, which the patch option also governs) is turned on here.
export const tracer = new Tracer({ captureHTTPsRequests: false });
if (tracer.isTracingEnabled()) tracer.provider.instrumentFetch();
