package com.latchkey.application.port.in;

import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.IntegrationName;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Lists, for the owner holding a manage link, the integrations they granted: scopes and dates. */
public interface ListConsentsUseCase {

    Result list(String token);

    record Consent(
            IntegrationId integrationId,
            IntegrationName integrationName,
            List<ScopeDescription> scopes,
            Instant grantedAt,
            Instant updatedAt) {

        public Consent {
            Objects.requireNonNull(integrationId, "integrationId");
            Objects.requireNonNull(integrationName, "integrationName");
            scopes = List.copyOf(scopes);
            Objects.requireNonNull(grantedAt, "grantedAt");
            Objects.requireNonNull(updatedAt, "updatedAt");
        }
    }

    sealed interface Result {

        record Listed(List<Consent> consents, Instant linkExpiresAt) implements Result {

            public Listed {
                consents = List.copyOf(consents);
                Objects.requireNonNull(linkExpiresAt, "linkExpiresAt");
            }
        }

        /** Expired, unknown or malformed: one answer for all. */
        record LinkNotValid() implements Result {}
    }
}
