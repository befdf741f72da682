package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.SealPersonalDataPort;
import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.LinkPurpose;
import com.latchkey.domain.OwnerLink;
import com.latchkey.domain.OwnerLinkId;
import com.latchkey.domain.StoreId;
import java.util.Set;

/** Between the domain's {@link OwnerLink} and its row; a link that names no scopes stores none (NULL). */
final class OwnerLinkMapper {

    private final SealPersonalDataPort emails;

    OwnerLinkMapper(SealPersonalDataPort emails) {
        this.emails = emails;
    }

    OwnerLinkRow toRow(OwnerLink link) {
        return new OwnerLinkRow(
                link.id().value(),
                link.digest().hex(),
                link.purpose().name(),
                emails.index(link.owner()),
                emails.seal(link.owner()),
                link.storeId().value(),
                link.integrationId().map(IntegrationId::value).orElse(null),
                link.scopes().isEmpty() ? null : ScopesColumn.text(link.scopes()),
                link.createdAt(),
                link.expiresAt(),
                link.usedAt().orElse(null));
    }

    OwnerLink toDomain(OwnerLinkRow row) {
        return OwnerLink.restore(
                new OwnerLinkId(row.id()),
                new KeyDigest(row.digest()),
                LinkPurpose.valueOf(row.purpose()),
                emails.open(row.emailSealed()),
                new StoreId(row.storeId()),
                row.integrationId() == null ? null : new IntegrationId(row.integrationId()),
                row.scopes() == null ? Set.of() : ScopesColumn.scopes(row.scopes()),
                row.createdAt(),
                row.expiresAt(),
                row.usedAt());
    }
}
