package io.lading.puller.trust;

import dev.sigstore.VerificationOptions.CertificateMatcher;
import dev.sigstore.strings.RegexSyntaxException;
import dev.sigstore.strings.StringMatcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One allowed keyless signer: the certificate's subject alternative name (the workflow or e-mail
 * Fulcio put there) and the OIDC issuer that vouched for it, each exact or a full-match regex.
 * Both must match, as with cosign's --certificate-identity and --certificate-oidc-issuer.
 */
public record IdentityMatcher(String identity, boolean identityIsRegex, String issuer, boolean issuerIsRegex) {

    public IdentityMatcher {
        if (identityIsRegex) {
            compile(identity, "identityRegex");
        }
        if (issuerIsRegex) {
            compile(issuer, "issuerRegex");
        }
    }

    /** The same rule for sigstore-java, which reads the SAN and issuer extension itself. */
    CertificateMatcher toSigstore() {
        try {
            return CertificateMatcher.fulcio()
                    .subjectAlternativeName(identityIsRegex ? StringMatcher.regex(identity) : StringMatcher.string(identity))
                    .issuer(issuerIsRegex ? StringMatcher.regex(issuer) : StringMatcher.string(issuer))
                    .build();
        } catch (RegexSyntaxException e) {
            throw new TrustPolicyException("invalid regex in identity rule " + this + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return (identityIsRegex ? "~" : "") + identity + " from " + (issuerIsRegex ? "~" : "") + issuer;
    }

    private static void compile(String regex, String field) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new TrustPolicyException(field + " '" + regex + "' is not a valid regex: " + e.getDescription());
        }
    }
}
