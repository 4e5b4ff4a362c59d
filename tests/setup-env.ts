// The environment template.yaml gives every function, with test values. DEBUG so that the
// "no secret in the logs" checks see every log line a handler can write.
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'test';
process.env.AWS_SECRET_ACCESS_KEY = 'test';
process.env.USER_POOL_ID = 'us-east-1_TEST';
process.env.USER_POOL_CLIENT_ID = 'test-client-id';
delete process.env.USER_POOL_CLIENT_SECRET;
process.env.POWERTOOLS_SERVICE_NAME = 'auth-api';
process.env.POWERTOOLS_METRICS_NAMESPACE = 'auth-api-test';
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
process.env.TOTP_ISSUER = 'auth-api-test';
process.env.MESSAGES_TABLE = 'auth-api-test-messages';
process.env.SEND_RATE_LIMIT_PER_MINUTE = '20';
process.env.SEND_LIMIT_PER_DAY = '500';
process.env.MACHINE_SEND_RATE_LIMIT_PER_MINUTE = '600';
process.env.MACHINE_SEND_LIMIT_PER_DAY = '50000';
process.env.ACCOUNTS_TABLE = 'auth-api-test-accounts';
process.env.RECENT_SIGN_IN_MINUTES = '5';
process.env.REFRESH_TOKEN_VALIDITY_DAYS = '30';
process.env.ACCESS_TOKEN_VALIDITY_MINUTES = '15';
process.env.ERASURE_QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/auth-api-test-erasure';
process.env.ERASURE_ITEMS_PER_INVOCATION = '5000';
process.env.EMAIL_OTP_SIGN_IN = 'true';
process.env.WEBAUTHN_RELYING_PARTY_ID = 'example.com';
process.env.WEBAUTHN_USER_VERIFICATION = 'required';
process.env.EMAIL_CODE_LIMIT_PER_HOUR = '5';
