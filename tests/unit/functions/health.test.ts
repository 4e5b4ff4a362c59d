import { handler } from '../../../functions/health/index.js';
import { cognitoMock } from '../../fixtures/cognito.js';
import { invoke, loadEvent, withBody } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';

const event = loadEvent('health');

describe('GET /health', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('returns 200 {"status":"ok"} as JSON', async () => {
    const response = await invoke(handler, event);

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('answers without calling Cognito', async () => {
    await invoke(handler, event);

    expect(cognitoMock.calls()).toHaveLength(0);
  });

  it('ignores a request body, even one that is not JSON', async () => {
    const response = await invoke(handler, withBody(event, '{"not":'));

    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });
});
