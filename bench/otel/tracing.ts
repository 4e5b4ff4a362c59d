// Bench only, not in the product: layers/shared/src/tracing.ts as it would be on OpenTelemetry instead of
// Powertools Tracer and the X-Ray SDK (docs/tracing.md). The bench's `otel` layout builds the layer with this
// file in that one's place. The same two exports; spans go where the X-Ray SDK's segments go, to the Lambda
// X-Ray daemon over UDP, as OTLP (the format the ADOT Lambda layer sends there), flushed at the end of each
// invocation.
import type { MiddlewareObj } from '@middy/core';
import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import type { BuildHandlerArguments, BuildHandlerOutput, HandlerExecutionContext } from '@smithy/types';
import { createSocket } from 'node:dgram';

/** OTLP spans to the X-Ray daemon: its header, then T1S and the base64 protobuf (sampled spans). */
class XRayDaemonExporter implements SpanExporter {
  private readonly socket = createSocket('udp4');
  private readonly host: string;
  private readonly port: number;

  constructor(address = process.env.AWS_XRAY_DAEMON_ADDRESS ?? '127.0.0.1:2000') {
    const [host = '127.0.0.1', port = '2000'] = address.split(':');
    this.host = host;
    this.port = Number(port);
    this.socket.unref();
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const body = ProtobufTraceSerializer.serializeRequest(spans);
    if (!body) return done({ code: ExportResultCode.FAILED });
    const packet = `{"format": "json", "version": 1}\nT1S${Buffer.from(body).toString('base64')}`;
    this.socket.send(packet, this.port, this.host, (error) => done({ code: error ? ExportResultCode.FAILED : ExportResultCode.SUCCESS }));
  }

  async shutdown(): Promise<void> {
    this.socket.close();
  }
}

const provider = new TracerProvider({
  resource: resourceFromAttributes({
    'service.name': process.env.POWERTOOLS_SERVICE_NAME ?? 'auth-api',
    'cloud.provider': 'aws',
    'faas.name': process.env.AWS_LAMBDA_FUNCTION_NAME ?? '',
  }),
  spanProcessors: [new BatchSpanProcessor({ exporter: new XRayDaemonExporter() })],
});
const tracer = provider.getTracer('@authapi/shared');
const propagator = new AWSXRayPropagator();

// One invocation at a time per execution environment: its span is the parent of every AWS call's.
let invocation: Span | undefined;
let coldStart = true;
const parent = (): Context => (invocation ? trace.setSpan(ROOT_CONTEXT, invocation) : ROOT_CONTEXT);

interface Instrumentable {
  middlewareStack: {
    add: (
      middleware: (
        next: (args: BuildHandlerArguments<object>) => Promise<BuildHandlerOutput<object>>,
        context: HandlerExecutionContext,
      ) => (args: BuildHandlerArguments<object>) => Promise<BuildHandlerOutput<object>>,
      options: { step: 'build'; name: string },
    ) => void;
  };
}

/** The client, with a span for each of its calls and the X-Ray trace header on each request. */
export const traced = <T>(client: T): T => {
  (client as unknown as Instrumentable).middlewareStack.add(
    (next, { clientName = '', commandName = '' }) =>
      async (args) => {
        const service = clientName.replace(/Client$/, '');
        const span = tracer.startSpan(
          `${service}.${commandName.replace(/Command$/, '')}`,
          { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'aws-api', 'rpc.service': service, 'rpc.method': commandName } },
          parent(),
        );
        const request = args.request as { headers?: Record<string, string> };
        if (request.headers) propagator.inject(trace.setSpan(parent(), span), request.headers, defaultTextMapSetter);
        try {
          const output = await next(args);
          const response = output.response as { statusCode?: number };
          if (response.statusCode) span.setAttribute('http.response.status_code', response.statusCode);
          return output;
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw error;
        } finally {
          span.end();
        }
      },
    { step: 'build', name: 'openTelemetrySpans' },
  );
  return client;
};

/** A span per invocation, child of Lambda's (from _X_AMZN_TRACE_ID), flushed before the answer goes back. */
export const handlerTracing: MiddlewareObj = {
  before: async () => {
    const lambda = propagator.extract(ROOT_CONTEXT, { 'x-amzn-trace-id': process.env._X_AMZN_TRACE_ID ?? '' }, defaultTextMapGetter);
    invocation = tracer.startSpan('## index.handler', { kind: SpanKind.SERVER, attributes: { 'faas.coldstart': coldStart } }, lambda);
    coldStart = false;
  },
  after: async () => {
    invocation?.end();
    invocation = undefined;
    await provider.forceFlush();
  },
  onError: async (request) => {
    if (request.error) invocation?.recordException(request.error);
    invocation?.setStatus({ code: SpanStatusCode.ERROR });
    invocation?.end();
    invocation = undefined;
    await provider.forceFlush();
  },
};
