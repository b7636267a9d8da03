// Attaches a Sigstore bundle to a manifest in a running registry with @sigstore/oci, a third-party client
// (the one npm's provenance uses), to check that Lading serves what other signers write (issue 5).
//
//   node attach-with-oci.mjs <host:port>/<repository>@<sha256:digest> <bundle.sigstore.json> [--tag-fallback]
//
// Without --tag-fallback the client sees Lading's referrers API and attaches the bundle as a referrer.
// With it, the client talks to Lading through a loopback proxy that answers 404 to every referrers
// request, as a registry without the API would: the client then also writes the sha256-<hex> tag index.
// Credentials, if the registry needs them: LADING_USER and LADING_PASSWORD. Not run by CI (it has no npm).
import { attachArtifactToImage } from '@sigstore/oci';
import fs from 'node:fs';
import http from 'node:http';

const BUNDLE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const [target, bundleFile, flag] = process.argv.slice(2);
const match = /^([^/]+)\/(.+)@(sha256:[0-9a-f]{64})$/.exec(target ?? '');
if (!match || !bundleFile || (flag && flag !== '--tag-fallback')) {
  console.error('usage: node attach-with-oci.mjs <host:port>/<repository>@<sha256:digest> <bundle.json> [--tag-fallback]');
  process.exit(2);
}
const [, registry, repository, digest] = match;

/** A proxy to the registry that hides its referrers API; resolves to the proxy's host:port. */
function withoutReferrersApi(upstream) {
  const [host, port] = upstream.split(':');
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && /^\/v2\/.+\/referrers\//.test(req.url)) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"NOT_FOUND","message":"referrers API hidden by attach-with-oci.mjs"}]}');
      return;
    }
    const forward = http.request({ host, port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream } },
      (answer) => { res.writeHead(answer.statusCode, answer.headers); answer.pipe(res); });
    forward.on('error', (e) => { res.writeHead(502); res.end(String(e)); });
    req.pipe(forward);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, address: `127.0.0.1:${server.address().port}` })));
}

const proxy = flag ? await withoutReferrersApi(registry) : null;
const via = proxy ? proxy.address : registry;
try {
  const credentials = process.env.LADING_USER
    ? { username: process.env.LADING_USER, password: process.env.LADING_PASSWORD ?? '' } : undefined;
  const artifact = fs.readFileSync(bundleFile);
  // The annotation cosign v3 sets, so the referrers list tells the two bundle shapes apart.
  const content = JSON.parse(artifact).dsseEnvelope ? 'dsse-envelope' : 'message-signature';
  const descriptor = await attachArtifactToImage({
    artifact,
    mediaType: BUNDLE,
    imageName: `${via}/${repository}`,
    imageDigest: digest,
    credentials,
    annotations: { 'dev.sigstore.bundle.content': content },
  });
  console.log(JSON.stringify({ attachedVia: flag ? 'tag fallback' : 'referrers API', descriptor }));
} catch (e) {
  console.error(`attach-with-oci: ${e.message}${e.cause ? `: ${e.cause.message ?? e.cause}` : ''}`);
  process.exitCode = 1;
} finally {
  proxy?.server.close();
}
