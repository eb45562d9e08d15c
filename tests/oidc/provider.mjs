// A real OpenID Connect provider for the SSO tests: panva/oidc-provider (certified), with its
// development login pages. Whoever signs in as "x@y" gets the subject "x@y" and the email
// "x@y" (verified). Started by tests/api/oidc.rs with:
//   PORT      the port to listen on (127.0.0.1)
//   CLIENTS   JSON list of {client_id, client_secret, redirect_uris}
// It prints "ready <issuer>" once it listens.
//
// For the bad-input tests, `POST /test/tamper?mode=…` makes the next token response carry an
// ID token that is wrong in one way, re-signed so that only that is wrong: `audience` (for
// another client), `expired`, `unknown_key` (signed by a key the provider does not publish).
// `rotate` is a key rotation done right: from then on the provider publishes a second key,
// and the next ID token is signed with it.
import Provider from 'oidc-provider';
import * as jose from 'jose';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const clients = JSON.parse(process.env.CLIENTS || '[]').map((c) => ({
  ...c,
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
}));

const kid = 'test-key';
const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await jose.exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
const stranger = (await jose.generateKeyPair('RS256')).privateKey;
const successor = await jose.generateKeyPair('RS256', { extractable: true });
const successorJwk = { ...(await jose.exportJWK(successor.publicKey)), kid: 'rotated', alg: 'RS256', use: 'sig' };
let rotated = false;

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [signingJwk] },
  pkce: { required: () => true },
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  scopes: ['openid', 'email'],
  cookies: { keys: ['hverdag-test-only'] },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: id, email_verified: true };
      },
    };
  },
});
provider.proxy = false;

let tamper = null;
provider.use(async (ctx, next) => {
  if (ctx.path === '/test/tamper') {
    tamper = ctx.query.mode || null;
    // A rotation done right publishes the new key before signing with it.
    if (tamper === 'rotate') rotated = true;
    ctx.body = { tamper };
    return;
  }
  await next();
  if (ctx.path === '/jwks' && rotated && ctx.body && ctx.body.keys) {
    ctx.body = { keys: [...ctx.body.keys, successorJwk] };
  }
  if (ctx.path === '/token' && tamper && ctx.body && ctx.body.id_token) {
    const claims = jose.decodeJwt(ctx.body.id_token);
    const now = Math.floor(Date.now() / 1000);
    let key = privateKey;
    let keyId = kid;
    if (tamper === 'audience') claims.aud = 'someone-else';
    if (tamper === 'expired') {
      claims.iat = now - 7200;
      claims.exp = now - 3600;
    }
    if (tamper === 'unknown_key') {
      key = stranger;
      keyId = 'not-published';
    }
    if (tamper === 'rotate') {
      key = successor.privateKey;
      keyId = 'rotated';
    }
    ctx.body = {
      ...ctx.body,
      id_token: await new jose.SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: keyId })
        .sign(key),
    };
    tamper = null;
  }
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
