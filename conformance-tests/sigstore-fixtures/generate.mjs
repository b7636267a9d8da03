// Generates the Sigstore bundles that the puller's trust tests read (issue 5, fixtures).
//
// Made by independent software on purpose: Sigstore's own JS signer (@sigstore/sign) talks to
// Sigstore's own mock Fulcio, Rekor and TSA (@sigstore/mock, answering for 127.0.0.1 through
// nock, so nothing leaves the machine). Our Java verifier then has to accept what a real
// signer produced, not what our own code thinks a bundle looks like.
//
// Run: npm ci && node generate.mjs <outDir>. CI never runs this (no npm there); the
// generated files are committed and copied to puller/src/test/resources/sigstore/.
// Every run makes new keys, so all files of one run belong together.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DSSEBundleBuilder, FulcioSigner, MessageSignatureBundleBuilder, RekorWitness, TSAWitness }
  from '@sigstore/sign';
import { bundleToJSON } from '@sigstore/bundle';
import { newServices, trustedRoot, MINUTE } from './services.mjs';
import { keyedSigner, pem } from './keys.mjs';

const out = process.argv[2] ?? 'out';
fs.mkdirSync(out, { recursive: true });
const write = (name, data) => fs.writeFileSync(path.join(out, name), data);
const json = (value) => JSON.stringify(value, null, 2) + '\n';

const IDENTITY = 'https://github.com/acme/training/.github/workflows/train.yml@refs/heads/main';
const ISSUER = 'https://token.actions.githubusercontent.com';
const OTHER_IDENTITY = 'https://github.com/mallory/fork/.github/workflows/train.yml@refs/heads/main';
const OTHER_ISSUER = 'https://accounts.example.com';

// Two OCI image manifests, exact bytes as a registry would store them.
const manifest = (layerHex, size) => JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  artifactType: 'application/vnd.lading.model.v1',
  config: { mediaType: 'application/vnd.oci.empty.v1+json',
    digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a', size: 2, data: 'e30=' },
  layers: [{ mediaType: 'application/vnd.lading.weights.v1', digest: `sha256:${layerHex}`, size }],
});
const manifestA = Buffer.from(manifest(crypto.createHash('sha256').update('weights A').digest('hex'), 9));
const manifestB = Buffer.from(manifest(crypto.createHash('sha256').update('weights B').digest('hex'), 9));
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
write('manifest-a.json', manifestA);
write('manifest-b.json', manifestB);

// The cosign v3 shape: an in-toto statement whose subject is the manifest digest.
const statement = (subjectBytes) => Buffer.from(JSON.stringify({
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name: 'models/llama', digest: { sha256: sha256(subjectBytes) } }],
  predicateType: 'https://sigstore.dev/cosign/sign/v1',
  predicate: {},
}));
const IN_TOTO = 'application/vnd.in-toto+json';

// An unsigned JWT is enough: mock Fulcio reads the claims and never checks the signature.
const token = (sub, iss) => {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none' })}.${b64({ sub, iss, aud: 'sigstore' })}.`;
};

// @sigstore/sign writes message-signature bundles as v0.2 with a certificate chain; cosign v3
// writes v0.3 with the leaf certificate only. Rewrite to v0.3: the signed content is unchanged.
function asV03(bundle) {
  const b = bundleToJSON(bundle);
  b.mediaType = 'application/vnd.dev.sigstore.bundle.v0.3+json';
  const chain = b.verificationMaterial.x509CertificateChain;
  if (chain) {
    delete b.verificationMaterial.x509CertificateChain;
    b.verificationMaterial.certificate = chain.certificates[0];
  }
  return json(b);
}

async function keyless(services, { sub = IDENTITY, iss = ISSUER, dsse, artifact, tlog = true, tsa = false }) {
  const signer = new FulcioSigner({ fulcioBaseURL: services.fulcioURL, identityProvider: {
    getToken: async () => token(sub, iss) } });
  const witnesses = [];
  if (tlog) witnesses.push(new RekorWitness({ rekorBaseURL: services.rekorURL, entryType: 'dsse' }));
  if (tsa) witnesses.push(new TSAWitness({ tsaBaseURL: services.tsaURL }));
  const builder = dsse ? new DSSEBundleBuilder({ signer, witnesses }) : new MessageSignatureBundleBuilder({ signer, witnesses });
  return asV03(await builder.create(dsse ? { data: statement(artifact), type: IN_TOTO } : { data: artifact }));
}

async function keyed(services, key, { dsse, artifact }) {
  const witnesses = [new RekorWitness({ rekorBaseURL: services.rekorURL, entryType: 'dsse' })];
  const signer = keyedSigner(key);
  const builder = dsse ? new DSSEBundleBuilder({ signer, witnesses }) : new MessageSignatureBundleBuilder({ signer, witnesses });
  return asV03(await builder.create(dsse ? { data: statement(artifact), type: IN_TOTO } : { data: artifact }));
}

const services = await newServices('main');
const foreign = await newServices('foreign');
write('trusted_root.json', json(trustedRoot(services)));
write('foreign_trusted_root.json', json(trustedRoot(foreign)));

// Keyless bundles, all over manifest A unless the name says otherwise.
write('keyless-blob.sigstore.json', await keyless(services, { artifact: manifestA }));
write('keyless-dsse.sigstore.json', await keyless(services, { dsse: true, artifact: manifestA }));
write('keyless-blob-tsa-only.sigstore.json', await keyless(services, { artifact: manifestA, tlog: false, tsa: true }));
write('keyless-dsse-tsa.sigstore.json', await keyless(services, { dsse: true, artifact: manifestA, tsa: true }));
write('keyless-blob-other-identity.sigstore.json', await keyless(services, { artifact: manifestA, sub: OTHER_IDENTITY }));
write('keyless-blob-other-issuer.sigstore.json', await keyless(services, { artifact: manifestA, iss: OTHER_ISSUER }));
write('keyless-dsse-subject-b.sigstore.json', await keyless(services, { dsse: true, artifact: manifestB }));
write('keyless-blob-manifest-b.sigstore.json', await keyless(services, { artifact: manifestB }));
write('keyless-blob-foreign-root.sigstore.json', await keyless(foreign, { artifact: manifestA }));
// Certificate issued now (valid 10 minutes), logged an hour later: the log time is after expiry.
services.logLate(60 * MINUTE);
write('keyless-blob-expired-cert.sigstore.json', await keyless(services, { artifact: manifestA }));
services.logLate(0);

// Keyed bundles (cosign --key): a public-key hint, no certificate.
for (const [alg, key] of Object.entries({ ecdsa: 'ec', ed25519: 'ed25519', rsa: 'rsa' })) {
  const signing = crypto.generateKeyPairSync(key, key === 'ec' ? { namedCurve: 'P-256' }
    : key === 'rsa' ? { modulusLength: 2048 } : {});
  const other = crypto.generateKeyPairSync(key, key === 'ec' ? { namedCurve: 'P-256' }
    : key === 'rsa' ? { modulusLength: 2048 } : {});
  write(`key-${alg}.pub.pem`, pem(signing.publicKey));
  write(`key-${alg}-other.pub.pem`, pem(other.publicKey));
  write(`keyed-${alg}-blob.sigstore.json`, await keyed(services, signing, { artifact: manifestA }));
  write(`keyed-${alg}-dsse.sigstore.json`, await keyed(services, signing, { dsse: true, artifact: manifestA }));
}

write('IDENTITIES.json', json({ identity: IDENTITY, issuer: ISSUER, otherIdentity: OTHER_IDENTITY,
  otherIssuer: OTHER_ISSUER, manifestA: `sha256:${sha256(manifestA)}`, manifestB: `sha256:${sha256(manifestB)}`,
  generatedAt: new Date().toISOString() }));
console.log(`wrote ${fs.readdirSync(out).length} files to ${out}`);
