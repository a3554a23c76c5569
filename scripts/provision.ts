/**
 * `npm run provision -- --region eu-west-1 [--endpoint URL] [--demo-user] [--json]`
 *
 * Creates (or finds) the Cruddur user pool and the extension's public app client in a real AWS
 * account, with the standard AWS credential chain (AWS_PROFILE, env keys, SSO, instance role),
 * or at any Cognito-compatible `--endpoint` such as the local front of `npm start`. Safe to run
 * again: it reuses what exists by name. Prints what to paste into the extension's options page and
 * the API env.
 *
 * With `--endpoint`, administrative calls are signed with that endpoint's own keys, as AWS needs:
 * AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY when both are set, else the local stack's
 * `.local/credentials.json` (what `npm start` made). A developer's AWS profile is never sent there.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { LocalCredentials } from './cognito-front/sigv4.ts';
import { bootstrap, DEMO_USER, type BootstrapResult } from './lib/bootstrap.ts';
import { credentialsPath, readCredentials } from './lib/local-credentials.ts';

const USAGE = `Usage: npm run provision -- --region <aws-region> [--endpoint <url>] [--demo-user] [--json]

  --region     AWS region of the pool (default: AWS_REGION or AWS_DEFAULT_REGION)
  --endpoint   a Cognito-compatible endpoint instead of AWS, e.g. http://127.0.0.1:9230 (npm start's),
               signed with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or else .local/credentials.json
  --demo-user  also create ${DEMO_USER.email} (only with --endpoint: its password is public)
  --json       print the ids as JSON only`;

/** The keys an `--endpoint` is signed with (see the header), or undefined for none. */
function endpointCredentials(env = process.env): LocalCredentials | undefined {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
  return readCredentials(credentialsPath(join(dirname(fileURLToPath(import.meta.url)), '..')));
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function report(r: BootstrapResult, endpoint: string | undefined): string {
  const api = endpoint
    ? [
        `COGNITO_LOCAL=1`,
        `COGNITO_ENDPOINT=${endpoint}`,
        // The local front is the issuer (`iss` = <endpoint>/<pool>); another emulator may differ, check a token.
        `COGNITO_ISSUER=${endpoint.replace(/\/+$/, '')}/${r.userPoolId}`,
      ]
    : [];
  return [
    `Cruddur user pool ready${endpoint ? ` at ${endpoint}` : ' in AWS'}.`,
    '',
    "Extension options page (Settings → Cognito):",
    `  Region          ${r.region}`,
    `  User pool ID    ${r.userPoolId}`,
    `  App client ID   ${r.clientId}`,
    ...(endpoint ? [`  Endpoint        ${endpoint}`] : []),
    '',
    'API environment (npm run server):',
    `  COGNITO_REGION=${r.region}`,
    `  COGNITO_USER_POOL_ID=${r.userPoolId}`,
    `  COGNITO_CLIENT_IDS=${r.clientId}`,
    ...api.map((line) => `  ${line}`),
    ...(r.demoUser ? ['', `Demo user: ${r.demoUser.email} / ${r.demoUser.password}`] : []),
    ...(endpoint
      ? []
      : ['', "Note: the pool sends email with Cognito's default sender (a low daily quota); use SES for real users."]),
  ].join('\n');
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        region: { type: 'string' },
        endpoint: { type: 'string' },
        'demo-user': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`);
  }
  if (values.help) return console.log(USAGE);

  const endpoint = values.endpoint;
  const region = values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? (endpoint && 'us-east-1');
  if (!region) fail(`Which AWS region? Pass --region, e.g. --region eu-west-1.\n\n${USAGE}`);
  if (values['demo-user'] && !endpoint) fail('--demo-user only works with --endpoint: its password is public.');
  // The SDK's Node 20 notice is noise next to output meant for copying.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

  try {
    const credentials = endpoint ? endpointCredentials() : undefined;
    const result = await bootstrap({ region, endpoint, credentials, demoUser: values['demo-user'] ? DEMO_USER : undefined });
    console.log(values.json ? JSON.stringify({ ...result, endpoint }) : report(result, endpoint));
  } catch (error) {
    const err = error as Error;
    if (endpoint && ['MissingAuthenticationTokenException', 'UnrecognizedClientException', 'InvalidSignatureException'].includes(err.name)) {
      fail(`${endpoint} refused the signature (${err.name}). Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to its keys (npm start keeps them in .local/credentials.json).`);
    }
    if (err.name === 'CredentialsProviderError') {
      fail('No AWS credentials found. Run `aws configure` (or `aws sso login`), or set AWS_PROFILE, then try again.');
    }
    fail(`Provisioning failed: ${err.name}: ${err.message}`);
  }
}

void main();
