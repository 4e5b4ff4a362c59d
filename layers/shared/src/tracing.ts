// The one module that knows how the layer traces (docs/tracing.md): Powertools Tracer on the X-Ray SDK
// today. The rest of the layer asks it for a traced AWS client and the handler's tracing middleware only,
// so a move to OpenTelemetry replaces this file and nothing else.
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';

// AWS calls are traced per client (tracer.captureAWSv3Client). The node:http/https patch is off: it
// wraps the CommonJS `request`, which the SDK's ES modules never call, so it traced nothing and only
// loaded TLS. fetch() stays traced: that option also turns off Powertools' fetch instrumentation, turned on here.
const tracer = new Tracer({ captureHTTPsRequests: false });
if (tracer.isTracingEnabled()) tracer.provider.instrumentFetch();

/** The client, with a subsegment for each of its calls. */
export const traced = <T>(client: T): T => tracer.captureAWSv3Client(client);

/** The `## index.handler` subsegment of every invocation; responses carry tokens, so they are not captured. */
export const handlerTracing = captureLambdaHandler(tracer, { captureResponse: false });
