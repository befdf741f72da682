package com.latchkey.application.port.out;

import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.IntegrationName;
import com.latchkey.domain.LinkPurpose;
import com.latchkey.domain.PlainApiKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A mail carrying an owner link: the token goes into the link's fragment ({@code /consent#ecl_…},
 * {@code /consents#…}, {@code /privacy/export#…}, {@code /privacy/erase#…}), never into a path or a query. A consent mail names the
 * integration and each scope it asks for in plain words; its other words are the brand's.
 * {@link #toString()} masks the token.
 */
public record OwnerLinkMail(
        EmailAddress to,
        LinkPurpose purpose,
        PlainApiKey token,
        Instant expiresAt,
        Optional<IntegrationName> integration,
        List<AskedScope> scopes) {

    /** A scope asked for, with the words the owner reads. */
    public record AskedScope(String scope, String words) {

        public AskedScope {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(words, "words");
        }
    }

    public OwnerLinkMail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(integration, "integration");
        scopes = List.copyOf(scopes);
        if ((purpose == LinkPurpose.CONSENT) != integration.isPresent()
                || (purpose == LinkPurpose.CONSENT) == scopes.isEmpty()) {
            throw new IllegalArgumentException("exactly a consent mail names an integration and scopes");
        }
    }

    @Override
    public String toString() {
        return "OwnerLinkMail[" + purpose + " to " + to.masked() + ", " + token + "]";
    }
}
