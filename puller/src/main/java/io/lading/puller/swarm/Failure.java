package io.lading.puller.swarm;

/** How a chunk transfer from one source failed; each moves the scheduler differently. */
public enum Failure {
    /** The bytes did not match the chunk index: a peer is banned for the blob (and reported). */
    CORRUPT,
    /** The source refused, broke off or could not be reached: a peer rests a while, the chunk goes elsewhere. */
    FAILED,
    /** The source sent nothing for the stall time (or took too long): like {@link #FAILED}. */
    STALLED
}
