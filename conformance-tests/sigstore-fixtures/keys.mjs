// Keyed signing (cosign --key): the bundle carries a public-key hint instead of a certificate.
import crypto from 'node:crypto';

export const pem = (publicKey) => publicKey.export({ type: 'spki', format: 'pem' });

// The hint is the hex SHA-256 of the public key's DER (SPKI) encoding; verifiers may use it to pick
// a key, never to trust one.
export const keyHint = (publicKey) =>
  crypto.createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');

// A @sigstore/sign Signer over a local key pair. Ed25519 signs the message itself (no pre-hash);
// ECDSA P-256 and RSA (PKCS#1 v1.5) sign its SHA-256.
export function keyedSigner({ publicKey, privateKey }) {
  const algorithm = publicKey.asymmetricKeyType === 'ed25519' ? null : 'sha256';
  return {
    sign: async (data) => ({
      signature: crypto.sign(algorithm, data, privateKey),
      key: { $case: 'publicKey', publicKey: pem(publicKey), hint: keyHint(publicKey) },
    }),
  };
}
