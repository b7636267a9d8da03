// One set of mock Sigstore services (Fulcio CA + CT log, Rekor, TSA) and the trusted_root.json
// that trusts exactly them. Two sets ('main' and 'foreign') give the foreign-trust-root case.
import crypto from 'node:crypto';
import nock from 'nock';
import { fulcioHandler, initializeCA, initializeCTLog, initializeTLog, initializeTSA, rekorHandler, tsaHandler }
  from '@sigstore/mock';

export const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;
let nextPort = 18080;
let nextRekorHost = 1;

// @sigstore/mock's own mock() answers one request only; persist so one service signs many bundles.
function serve(base, handler) {
  nock(base).persist().post(handler.path).reply(async (_uri, body) => {
    const { statusCode, response, contentType } = await handler.fn(typeof body === 'string' ? body : JSON.stringify(body));
    return [statusCode, response, { 'Content-Type': contentType || 'text/plain' }];
  });
}

// Known quirk: mock Fulcio answers with single-line PEM certificates. The signer copies them into
// the Rekor entry, and verifiers (sigstore-java) rebuild that entry with standard 64-column PEM
// and compare, so re-wrap them as real Fulcio does.
const rewrap = (pem) => pem.replace(/-----BEGIN ([A-Z ]+)-----\s*([A-Za-z0-9+/=\s]+?)\s*-----END \1-----/g,
  (_m, label, body) => `-----BEGIN ${label}-----\n${body.replace(/\s/g, '').match(/.{1,64}/g).join('\n')}\n-----END ${label}-----`)
  .trimEnd() + '\n';
function withWrappedPEM(handler) {
  return { path: handler.path, fn: async (body) => {
    const res = await handler.fn(body);
    if (res.statusCode !== 201) return res;
    const json = JSON.parse(res.response);
    const chain = json.signedCertificateEmbeddedSct.chain;
    chain.certificates = chain.certificates.map(rewrap);
    return { ...res, response: JSON.stringify(json) };
  } };
}

// Known gap: mock Rekor stores a dsse entry as proposed, while real Rekor stores its canonical
// form (envelope and payload hashes, signatures with their verifiers), which verifiers read.
function canonicalDsse(proposed) {
  if (proposed.kind !== 'dsse') return proposed;
  const { envelope, verifiers } = proposed.spec.proposedContent;
  const env = JSON.parse(envelope);
  const hash = (bytes) => ({ algorithm: 'sha256', value: crypto.createHash('sha256').update(bytes).digest('hex') });
  return { apiVersion: proposed.apiVersion, kind: 'dsse', spec: {
    envelopeHash: hash(Buffer.from(envelope)),
    payloadHash: hash(Buffer.from(env.payload, 'base64')),
    signatures: env.signatures.map((sig) => ({ signature: sig.sig, verifier: verifiers[0] })),
  } };
}
function withCanonicalDsse(handler) {
  return { path: handler.path, fn: (body) => handler.fn(JSON.stringify(canonicalDsse(JSON.parse(body)))) };
}

const p256 = () => crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });

// Known quirk: a TSA genTime whose milliseconds are zero is encoded without a fraction, which
// some parsers reject. Never hand out such a time.
function nowWithMillis() {
  const d = new Date();
  if (d.getMilliseconds() === 0) d.setMilliseconds(1);
  return d;
}

export async function newServices(name) {
  const base = () => `http://127.0.0.1:${nextPort++}`;
  const caKeys = p256(), ctKeys = p256(), rekorKeys = p256(), tsaKeys = p256();
  const ctLog = await initializeCTLog(ctKeys);
  const ca = await initializeCA(caKeys, ctLog);
  // Verifiers match the checkpoint's signer name against the log URL's host without its port,
  // while the mock signs with host:port; so each Rekor listens on its own loopback address, port 80.
  const rekorURL = `http://127.0.0.${nextRekorHost++}`;
  const tlog = await initializeTLog(rekorURL, rekorKeys);
  const tsa = await initializeTSA(tsaKeys);
  tsa.getCurrentTime = nowWithMillis;
  const fulcioURL = base();
  serve(fulcioURL, withWrappedPEM(fulcioHandler(ca)));
  serve(rekorURL, withCanonicalDsse(rekorHandler(tlog)));
  const tsaURL = base();
  serve(tsaURL, tsaHandler(tsa));
  // For the expired-certificate case the log runs late: an entry logged after the
  // 10-minute certificate expired. The mock reads its clock on every entry.
  let logDelay = 0;
  tlog.getCurrentTime = () => Date.now() + logDelay;
  return {
    name, ca, ctLog, tlog, tsa, fulcioURL, rekorURL, tsaURL,
    logLate: (ms) => { logDelay = ms; },
  };
}

const validFor = () => ({ start: new Date(Date.now() - DAY).toISOString() });
const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const keyIdOf = (spkiDer) => b64(crypto.createHash('sha256').update(spkiDer).digest());

// The trusted root in Sigstore's protobuf-JSON form (dev.sigstore.trustedroot+json;version=0.1).
export function trustedRoot(s) {
  const log = (url, spkiDer, keyId) => ({
    baseUrl: url, hashAlgorithm: 'SHA2_256',
    publicKey: { rawBytes: b64(spkiDer), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: validFor() },
    logId: { keyId },
  });
  return {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [log(s.rekorURL, s.tlog.publicKey, keyIdOf(s.tlog.publicKey))],
    certificateAuthorities: [{
      subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
      uri: 'http://127.0.0.1/fulcio',
      certChain: { certificates: [{ rawBytes: b64(s.ca.rootCertificate) }] },
      validFor: validFor(),
    }],
    ctlogs: [log('http://127.0.0.1/ctlog', s.ctLog.publicKey, b64(s.ctLog.logID))],
    timestampAuthorities: [{
      subject: { organization: 'sigstore.mock', commonName: 'tsa' },
      uri: s.tsaURL,
      certChain: { certificates: [{ rawBytes: b64(s.tsa.intCertificate) }, { rawBytes: b64(s.tsa.rootCertificate) }] },
      validFor: validFor(),
    }],
  };
}
