/**
 * The fetch engine: puts a blob into the cache from untrusted {@link io.lading.puller.fetch.BlobSource}s.
 *
 * <p>One fetch ({@link io.lading.puller.fetch.FetchEngine#fetch}) reserves room in the cache, locks the blob's
 * partial download ({@code PartialDownload}: data file, plan, append-only record of finished chunks, lock), and
 * lets a few streams on virtual threads take the missing chunks, each with one range request straight into the
 * data file at its offset ({@code ChunkTransfer}, one 1 MiB buffer per stream). From the registry
 * ({@code BlobDownload}) a chunk is vouched for by the whole digest, which the {@code WholeDigestCursor} computes in
 * order while the blob downloads (the stream fetching the next chunk in order hashes it as it arrives; others are
 * read back); only when it fails are the chunks checked against the registry's chunk index, and the bad ones
 * fetched again, checked. With LAN peers ({@code SwarmDownload}) every chunk is checked against the index on
 * arrival, since it is served on at once. A bad chunk bans its source for the blob; a silent source is cut off by
 * the {@code StallWatchdog}; a shared {@code Bandwidth} caps all streams. Finished chunks are recorded after an
 * fsync by a group-committing {@code VerifiedRecord}, so a SIGKILL loses at most the chunks in flight. Only a blob
 * whose whole digest matches is admitted to the cache.
 */
package io.lading.puller.fetch;
