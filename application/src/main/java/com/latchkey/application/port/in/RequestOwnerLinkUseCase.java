package com.latchkey.application.port.in;

import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.LinkPurpose;
import java.time.Duration;
import java.util.Objects;

/**
 * An owner asks for a link by email (to manage consents, export or erase their data): the owner of
 * a known email is mailed one; the answer is the same for a known and an unknown email.
 */
public interface RequestOwnerLinkUseCase {

    Result request(Command command);

    record Command(EmailAddress email, LinkPurpose purpose, ClientAddress client) {

        public Command {
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(client, "client");
            if (purpose == LinkPurpose.CONSENT) {
                throw new IllegalArgumentException("a consent link is asked for by an integration, not an owner");
            }
        }
    }

    sealed interface Result {

        /** Accepted: a link is mailed if the email is an owner's (the caller is not told which). */
        record Accepted() implements Result {}

        record RateLimited(Duration retryAfter) implements Result {

            public RateLimited {
                Objects.requireNonNull(retryAfter, "retryAfter");
            }
        }
    }
}
