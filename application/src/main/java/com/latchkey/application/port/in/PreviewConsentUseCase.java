package com.latchkey.application.port.in;

import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.IntegrationName;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Shows the owner holding a consent link what is asked, without deciding (the link keeps working). */
public interface PreviewConsentUseCase {

    Result preview(String token);

    sealed interface Result {

        record Preview(
                IntegrationId integrationId,
                IntegrationName integrationName,
                List<ScopeDescription> scopes,
                Instant expiresAt)
                implements Result {

            public Preview {
                Objects.requireNonNull(integrationId, "integrationId");
                Objects.requireNonNull(integrationName, "integrationName");
                scopes = List.copyOf(scopes);
                Objects.requireNonNull(expiresAt, "expiresAt");
            }
        }

        /** Used, expired, unknown or malformed: one answer for all. */
        record LinkNotValid() implements Result {}
    }
}
