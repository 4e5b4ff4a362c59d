// ClientRequestToken: the same token with the same request within 10 minutes of the first one's
// completion succeeds without writing again; with another request, IdempotentParameterMismatch.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html#DDB-TransactWriteItems-request-ClientRequestToken
import { ok, serviceError, type Answer } from './wire.js';

const VALID_FOR_MS = 10 * 60 * 1000;

interface TokenUse {
  request: string;
  /** When the transaction that used the token succeeded; undefined while it runs. */
  doneAt?: number;
}

export class ClientRequestTokens {
  readonly #uses = new Map<string, TokenUse>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Runs `transaction` unless `token` says it already ran; `request` is the request without its token. */
  async run(token: string | undefined, request: string, transaction: () => Promise<Answer>): Promise<Answer> {
    if (token === undefined) return transaction();
    this.#forgetExpired();
    const use = this.#uses.get(token);
    if (use && use.request !== request) {
      return serviceError(
        'IdempotentParameterMismatchException',
        'DynamoDB rejected the request because you retried a request with a different payload but with an idempotent token that was already used.',
      );
    }
    if (use && use.doneAt === undefined) {
      return serviceError('TransactionInProgressException', 'The transaction with the given request token is already in progress.');
    }
    if (use) return ok();
    this.#uses.set(token, { request });
    try {
      const answer = await transaction();
      // Only a transaction that took effect is remembered: a cancelled one changed nothing, so
      // running it again is what one call would have done.
      if (answer.status === 200) this.#uses.set(token, { request, doneAt: this.now() });
      else this.#uses.delete(token);
      return answer;
    } catch (error) {
      this.#uses.delete(token);
      throw error;
    }
  }

  #forgetExpired(): void {
    const oldest = this.now() - VALID_FOR_MS;
    for (const [token, use] of this.#uses) if (use.doneAt !== undefined && use.doneAt < oldest) this.#uses.delete(token);
  }
}
