// SQS in this process, for the template's AWS::SQS::Queue resources and the functions' SQS event sources
// (docs/local-emulation.md): the AWS JSON protocol for SendMessage and GetQueueAttributes, which is what the
// functions and tests send; queues kept under the data directory when there is one.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { textOf, type CfnValue } from '../scripts/lib/template.js';
import type { LocalFunction } from './lambda.js';
import { close, listen } from './listen.js';
import { resolvedProperties, resolveValue, type ResolveContext } from './resolve.js';
import { SqsEventSource } from './sqs/event-source.js';
import { LocalQueue } from './sqs/queue.js';

export interface LocalSqs {
  endpoint: string;
  /** By queue URL. */
  queues: Map<string, LocalQueue>;
  stop: () => Promise<void>;
}

class SqsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

function operation(queues: Map<string, LocalQueue>, name: string, input: Record<string, unknown>): unknown {
  const queue = typeof input.QueueUrl === 'string' ? queues.get(input.QueueUrl) : undefined;
  if (!queue) throw new SqsError('QueueDoesNotExist', 'The specified queue does not exist.');
  switch (name) {
    case 'SendMessage': {
      if (typeof input.MessageBody !== 'string' || input.MessageBody === '')
        throw new SqsError('MissingParameter', 'MessageBody is required.');
      const delay = input.DelaySeconds === undefined ? undefined : Number(input.DelaySeconds);
      if (delay !== undefined && !(Number.isInteger(delay) && delay >= 0 && delay <= 900))
        throw new SqsError('InvalidParameterValue', 'DelaySeconds must be 0 to 900.');
      const message = queue.send(input.MessageBody, delay);
      return { MessageId: message.id, MD5OfMessageBody: message.md5 };
    }
    case 'GetQueueAttributes': {
      const { visible, notVisible } = queue.counts();
      return { Attributes: { ApproximateNumberOfMessages: String(visible), ApproximateNumberOfMessagesNotVisible: String(notVisible) } };
    }
    default:
      throw new SqsError('UnsupportedOperation', `${name} is not emulated locally.`);
  }
}

function handler(queues: Map<string, LocalQueue>) {
  return (request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify(body));
      };
      try {
        if (!target.startsWith('AmazonSQS.')) throw new SqsError('InvalidAction', 'Only the AWS JSON protocol is emulated.');
        answer(
          200,
          operation(queues, target.slice('AmazonSQS.'.length), JSON.parse((await readBody(request)) || '{}') as Record<string, unknown>),
        );
      } catch (error) {
        const type = error instanceof SqsError ? error.type : 'InternalError';
        answer(error instanceof SqsError ? 400 : 500, { __type: `com.amazonaws.sqs#${type}`, message: String((error as Error).message) });
      }
    })();
  };
}

const numberOr = (value: CfnValue | undefined, fallback: number) => (value === undefined ? fallback : Number(value));

/**
 * Starts the SQS endpoint with the template's queues, and records their URLs (!Ref), ARNs and names
 * (!GetAtt). Dead-letter queues are made first, so a redrive policy finds its target.
 */
export async function startSqs(ctx: ResolveContext, options: { host: string; dataDir?: string }): Promise<LocalSqs> {
  const queues = new Map<string, LocalQueue>();
  const server = createServer(handler(queues));
  const port = await listen(server, options.host, 0);
  const endpoint = `http://${options.host}:${port}`;
  const ids = Object.entries(ctx.template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::SQS::Queue')
    .map(([id]) => id);
  for (const id of ids) {
    const name = textOf(resolveValue(ctx, ctx.template.Resources[id]?.Properties?.QueueName ?? `${ctx.stackName}-${id}`));
    const url = `${endpoint}/${ctx.accountId}/${name}`;
    ctx.resources[id] = {
      ref: url,
      attributes: { Arn: `arn:aws:sqs:${ctx.region}:${ctx.accountId}:${name}`, QueueName: name, QueueUrl: url },
    };
  }
  const byArn = new Map<string, LocalQueue>();
  const make = (id: string): LocalQueue => {
    const arn = ctx.resources[id]?.attributes?.Arn ?? '';
    const existing = byArn.get(arn);
    if (existing) return existing;
    const properties = resolvedProperties(ctx, id);
    const redrive = properties.RedrivePolicy as { deadLetterTargetArn?: string; maxReceiveCount?: number } | undefined;
    const targetId = ids.find((other) => ctx.resources[other]?.attributes?.Arn === redrive?.deadLetterTargetArn);
    const name = ctx.resources[id]?.attributes?.QueueName ?? id;
    const queue = new LocalQueue(
      {
        name,
        arn,
        url: ctx.resources[id]?.ref ?? '',
        delaySeconds: numberOr(properties.DelaySeconds, 0),
        visibilityTimeoutSeconds: numberOr(properties.VisibilityTimeout, 30),
        retentionSeconds: numberOr(properties.MessageRetentionPeriod, 345_600),
        ...(redrive && targetId ? { deadLetter: { queue: make(targetId), maxReceiveCount: Number(redrive.maxReceiveCount) } } : {}),
      },
      options.dataDir ? join(options.dataDir, `${name}.json`) : undefined,
    );
    byArn.set(arn, queue);
    queues.set(queue.settings.url, queue);
    return queue;
  };
  ids.forEach(make);
  return { endpoint, queues, stop: () => close(server) };
}

/** The functions' SQS events (Type: SQS), each polled as Lambda's event source mapping would. */
export function startEventSources(
  ctx: ResolveContext,
  sqs: LocalSqs,
  functions: Map<string, LocalFunction>,
  log: (line: string) => void,
): () => Promise<void> {
  const sources: SqsEventSource[] = [];
  const byArn = new Map([...sqs.queues.values()].map((queue) => [queue.settings.arn, queue]));
  for (const [id, fn] of functions) {
    const events = (ctx.template.Resources[id]?.Properties?.Events ?? {}) as Record<string, { Type?: string; Properties?: CfnValue }>;
    for (const event of Object.values(events)) {
      if (event.Type !== 'SQS') continue;
      const properties = resolveValue(ctx, event.Properties ?? {}) as {
        Queue: string;
        BatchSize?: number;
        FunctionResponseTypes?: string[];
      };
      const queue = byArn.get(properties.Queue);
      if (!queue) throw new Error(`${id}: its SQS event's queue ${properties.Queue} is not a queue of the template`);
      sources.push(
        new SqsEventSource({
          queue,
          invoke: (sqsEvent) => fn.invoke(sqsEvent),
          batchSize: properties.BatchSize ?? 10,
          reportBatchItemFailures: (properties.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures'),
          region: ctx.region,
          log,
        }),
      );
    }
  }
  return async () => void (await Promise.all(sources.map((source) => source.stop())));
}
