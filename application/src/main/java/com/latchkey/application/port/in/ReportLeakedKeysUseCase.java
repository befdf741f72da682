package com.latchkey.application.port.in;

import com.latchkey.domain.ClientAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A secret scanner reports tokens it found in public: a signed report's live keys are revoked and
 * their owners mailed; every token is labelled ours (true positive) or not.
 */
public interface ReportLeakedKeysUseCase {

    Result report(Report report, ClientAddress reporter);

    /**
     * The report as received: the signature headers, the body's bytes (what was signed; not copied,
     * it may be a mebibyte), and how to read its tokens, which is asked only once the signature
     * holds (empty when the body is not a report): nobody can make the service read a body it did
     * not sign.
     */
    record Report(String keyIdentifier, String signature, byte[] body, Supplier<Optional<List<ReportedToken>>> tokens) {

        public Report {
            keyIdentifier = keyIdentifier == null ? "" : keyIdentifier;
            signature = signature == null ? "" : signature;
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(tokens, "tokens");
        }

        @Override
        public String toString() {
            return "Report[" + keyIdentifier + ", " + body.length + " bytes]";
        }
    }

    /** One token of a report: what was found, the scanner's name for its type, and where. */
    record ReportedToken(String token, String type, Optional<URI> url, String source) {

        public ReportedToken {
            Objects.requireNonNull(token, "token");
            type = type == null ? "" : type;
            Objects.requireNonNull(url, "url");
            source = source == null ? "" : source;
        }

        @Override
        public String toString() {
            return "ReportedToken[(token), " + type + "]";
        }
    }

    enum Label {
        TRUE_POSITIVE,
        FALSE_POSITIVE
    }

    /** A token and what it turned out to be, in the order reported. */
    record Labelled(ReportedToken token, Label label) {}

    sealed interface Result {

        record Accepted(List<Labelled> labels) implements Result {

            public Accepted {
                labels = List.copyOf(labels);
            }
        }

        /** Not signed by a configured reporter: nothing was read or changed. */
        record NotSigned() implements Result {}

        /** Too many unsigned reports from this address: not even the signature was checked. */
        record RateLimited(java.time.Duration retryAfter) implements Result {

            public RateLimited {
                Objects.requireNonNull(retryAfter, "retryAfter");
            }
        }

        /** Signed, but not a report (or more tokens than one report may hold). */
        record Malformed(String reason) implements Result {}
    }
}
