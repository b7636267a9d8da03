package io.lading.puller.trust;

import dev.sigstore.bundle.Bundle;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.timestamp.client.ImmutableTimestampResponse;
import dev.sigstore.timestamp.client.TimestampException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The check sigstore-java 2.0.0 leaves out: a Fulcio certificate lives ten minutes, so a signature
 * counts only if a trusted time (a transparency-log entry's integrated time, or an RFC 3161
 * timestamp) shows it was made while the certificate was valid. Without one, a stolen expired key
 * could sign forever. Both kinds of time were verified by sigstore-java before we read them here.
 */
final class CertificateTimes {

    private CertificateTimes() {
    }

    /** Empty when every trusted time lies in the certificate's validity; else the reason it fails. */
    static Optional<String> violation(Bundle bundle, X509Certificate leaf) {
        List<Instant> times = new ArrayList<>();
        bundle.getEntries().stream().map(RekorEntry::getIntegratedTimeInstant).forEach(times::add);
        for (Bundle.Timestamp timestamp : bundle.getTimestamps()) {
            try {
                times.add(ImmutableTimestampResponse.builder().encoded(timestamp.getRfc3161Timestamp()).build()
                        .getGenTime().toInstant());
            } catch (TimestampException e) {
                return Optional.of("cannot read an RFC 3161 timestamp: " + e.getMessage());
            }
        }
        if (times.isEmpty()) {
            return Optional.of("bundle has no trusted time (no log entry, no timestamp), so the"
                    + " certificate's validity cannot be checked");
        }
        for (Instant time : times) {
            try {
                leaf.checkValidity(Date.from(time));
            } catch (CertificateExpiredException e) {
                return Optional.of("certificate expired at " + leaf.getNotAfter().toInstant()
                        + " but the signature was logged at " + time);
            } catch (CertificateNotYetValidException e) {
                return Optional.of("certificate is valid from " + leaf.getNotBefore().toInstant()
                        + " but the signature was logged at " + time);
            }
        }
        return Optional.empty();
    }
}
