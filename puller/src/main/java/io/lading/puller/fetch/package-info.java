/**
 * The fetch engine: puts a blob into the cache from untrusted {@link io.lading.puller.fetch.BlobSource}s.
 *
 * <p>One fetch ({@link io.lading.puller.fetch.FetchEngine#fetch}) reserves room in the cache, locks the blob's
 * partial download ({@code PartialDownload}: data file, plan, append-only record of verified chunks, lock), and
 * lets a few streams on virtual threads ({@code BlobDownload}) take the missing chunks, each with one range
 * request straight into the data file at its offset ({@code ChunkTransfer}, one 1 MiB buffer per stream),
 * hashed on the way and checked against the registry's chunk index. A bad chunk bans its source for the blob;
 * a silent source is cut off by the {@code StallWatchdog}; a shared {@code Bandwidth} caps all streams. Verified
 * chunks are recorded after an fsync by a group-committing {@code VerifiedRecord}, so a SIGKILL loses at most
 * the chunks in flight, and the {@code WholeDigestCursor} hashes the blob in order while it downloads. Only a
 * blob whose whole digest matches is admitted to the cache.
 */
package io.lading.puller.fetch;
