package io.lading.puller.trust;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Reads who a Fulcio certificate names: the subject alternative name and the OIDC issuer extension.
 * Only for reporting: sigstore-java's matchers already decided whether they are allowed.
 * See https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md
 */
final class FulcioCertificate {

    /** Issuer (V2), a DER UTF8String; the V1 extension holds the raw string. */
    private static final String ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";
    private static final String ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";
    private static final int DER_LONG_LENGTH = 0x80;

    private FulcioCertificate() {
    }

    static String identity(X509Certificate cert) {
        try {
            Collection<List<?>> names = cert.getSubjectAlternativeNames();
            return names == null || names.isEmpty() ? "(no SAN)" : String.valueOf(names.iterator().next().get(1));
        } catch (CertificateParsingException e) {
            return "(unreadable SAN)";
        }
    }

    static String issuer(X509Certificate cert) {
        byte[] v2 = cert.getExtensionValue(ISSUER_V2);
        if (v2 != null) {
            return new String(derValue(derValue(v2)), StandardCharsets.UTF_8);
        }
        byte[] v1 = cert.getExtensionValue(ISSUER_V1);
        return v1 == null ? "(no issuer)" : new String(derValue(v1), StandardCharsets.UTF_8);
    }

    /** The contents of one DER TLV (the extension value is an OCTET STRING around the real value). */
    private static byte[] derValue(byte[] tlv) {
        int length = tlv[1] & 0xff;
        int start = 2;
        if (length >= DER_LONG_LENGTH) {
            int octets = length - DER_LONG_LENGTH;
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | (tlv[2 + i] & 0xff);
            }
            start += octets;
        }
        return Arrays.copyOfRange(tlv, start, start + length);
    }
}
