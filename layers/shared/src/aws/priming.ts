import { Readable } from 'node:stream';
import type { HttpHandlerOptions, HttpRequest, HttpResponse, RequestHandler, RequestHandlerOutput } from '@smithy/types';
import { logger } from '../logger.js';

// Priming: at init, one request through an AWS client's whole stack, answered in the process, so that
// the first invocation, which runs on a fraction of a vCPU, is left with the connection and the real
// request (docs/performance.md). AWS advises the same for SnapStart ("dummy invocations"):
// https://docs.aws.amazon.com/lambda/latest/dg/snapstart-best-practices.html. The client modules await it
// at their top level, which init waits for (https://aws.amazon.com/blogs/compute/using-node-js-es-modules-and-top-level-await-in-aws-lambda/).

/** An answer made in the process: a JSON body and its content type. */
export interface InProcessAnswer {
  contentType: string;
  body: string;
}

type NetworkHandler = RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions>;

/** Marks the priming request's options: only a request sent with them is answered in the process. */
const IN_PROCESS_ANSWER = Symbol('answered in the process');
type PrimingOptions = HttpHandlerOptions & { [IN_PROCESS_ANSWER]: InProcessAnswer };

const isPriming = (options: HttpHandlerOptions | undefined): options is PrimingOptions =>
  options !== undefined && IN_PROCESS_ANSWER in options;

/**
 * A client's request handler from its priming on: every request goes to the network handler but the
 * priming one. It stays in place for good: middleware resolved while it was the client's handler holds
 * on to it (a client with `cacheMiddleware` keeps each command's first), so it must serve them all.
 */
class PrimedRequestHandler implements NetworkHandler {
  readonly #network: NetworkHandler;

  constructor(network: NetworkHandler) {
    this.#network = network;
  }

  /** The network handler's (the host header middleware reads its protocol). */
  get metadata() {
    return this.#network.metadata;
  }

  handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<RequestHandlerOutput<HttpResponse>> {
    if (!isPriming(options)) return this.#network.handle(request, options);
    const { contentType, body } = options[IN_PROCESS_ANSWER];
    return Promise.resolve({
      response: { statusCode: 200, headers: { 'content-type': contentType }, body: Readable.from([Buffer.from(body)]) },
    });
  }

  destroy(): void {
    this.#network.destroy?.();
  }
}

/** What priming needs of an AWS SDK v3 client (a DynamoDB document client included). */
export interface PrimableClient<Command> {
  config: { requestHandler: NetworkHandler; serviceId?: string };
  send(command: Command, options?: HttpHandlerOptions): Promise<unknown>;
}

/**
 * Sends `command` through `client`'s whole stack (endpoint, middleware, serialisation, credentials and
 * signing if the operation signs, retries, parsing) and answers it in the process with `answer`;
 * nothing reaches the network. The send has options of its own, so no middleware it resolved is cached:
 * middleware added afterwards (tracing) applies to every later call. A failure is logged, not thrown:
 * the first real call then does the work itself.
 */
export async function primeClient<Command>(
  client: PrimableClient<NoInfer<Command>>,
  command: Command,
  answer: InProcessAnswer,
): Promise<void> {
  client.config.requestHandler = new PrimedRequestHandler(client.config.requestHandler);
  const options: PrimingOptions = { [IN_PROCESS_ANSWER]: answer };
  try {
    await client.send(command, options);
  } catch (error) {
    logger.warn('Priming an AWS client at init failed: its first call in an invocation does that work instead', {
      service: client.config.serviceId,
      error,
    });
  }
}
