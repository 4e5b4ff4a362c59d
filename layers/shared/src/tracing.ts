import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';

// AWS calls are traced per client (tracer.captureAWSv3Client). The node:http/https patch is off: it
// wraps the CommonJS `request`, which the SDK's ES modules never call, so it traced nothing and only
// loaded TLS. fetch() stays traced: that option also turns off Powertools' fetch instrumentation, turned on here.
export const tracer = new Tracer({ captureHTTPsRequests: false });
if (tracer.isTracingEnabled()) tracer.provider.instrumentFetch();

/** The `## index.handler` subsegment of every invocation; responses carry tokens, so they are not captured. */
export const handlerTracing = captureLambdaHandler(tracer, { captureResponse: false });
