package com.latchkey.application.service;

import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.LoadOwnerLinkPort;
import com.latchkey.application.port.out.SaveOwnerLinkPort;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.LinkPurpose;
import com.latchkey.domain.OwnerLink;
import com.latchkey.domain.OwnerLinkId;
import com.latchkey.domain.PlainApiKey;
import com.latchkey.domain.Scope;
import com.latchkey.domain.StoreId;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one mechanism behind every emailed owner link: a token in the keys' format under its own
 * prefix ({@code ecl_}, 190 random bits and a checksum) is minted, only its digest is stored with
 * the purpose and the expiry, and the token is found again by its digest under each pepper. A
 * malformed, unknown, expired, used-up or other-purpose token is simply not found.
 */
public final class OwnerLinks {

    /** A link just made: the stored link, and its token, which only the mail may hold. */
    public record Minted(OwnerLink link, PlainApiKey token) {}

    private final ApiKeyFormat tokenFormat;
    private final KeyDigestPort digests;
    private final LoadOwnerLinkPort loadLink;
    private final SaveOwnerLinkPort saveLink;
    private final LinkLifetimes lifetimes;
    private final SecureRandom random;

    public OwnerLinks(
            ApiKeyFormat tokenFormat,
            KeyDigestPort digests,
            LoadOwnerLinkPort loadLink,
            SaveOwnerLinkPort saveLink,
            LinkLifetimes lifetimes,
            SecureRandom random) {
        this.tokenFormat = Objects.requireNonNull(tokenFormat, "tokenFormat");
        this.digests = Objects.requireNonNull(digests, "digests");
        this.loadLink = Objects.requireNonNull(loadLink, "loadLink");
        this.saveLink = Objects.requireNonNull(saveLink, "saveLink");
        this.lifetimes = Objects.requireNonNull(lifetimes, "lifetimes");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Makes and stores a consent link for an integration's request. */
    Minted consent(EmailAddress owner, StoreId store, IntegrationId integration, Set<Scope> scopes, Instant now) {
        PlainApiKey token = tokenFormat.mint(random::nextInt);
        OwnerLink link = OwnerLink.consent(
                OwnerLinkId.random(),
                digests.digestOf(token),
                owner,
                store,
                integration,
                scopes,
                now,
                now.plus(lifetimes.of(LinkPurpose.CONSENT)));
        saveLink.insert(link);
        return new Minted(link, token);
    }

    /** Makes and stores a link for the owner's own use. */
    Minted forOwner(EmailAddress owner, StoreId store, LinkPurpose purpose, Instant now) {
        PlainApiKey token = tokenFormat.mint(random::nextInt);
        OwnerLink link = OwnerLink.forOwner(
                OwnerLinkId.random(),
                digests.digestOf(token),
                purpose,
                owner,
                store,
                now,
                now.plus(lifetimes.of(purpose)));
        saveLink.insert(link);
        return new Minted(link, token);
    }

    /** The link the token names, if it still works for {@code purpose} at {@code now}. */
    Optional<OwnerLink> find(String token, LinkPurpose purpose, Instant now) {
        return tokenFormat.parse(token).flatMap(plain -> {
            for (var digest : digests.digestsOf(plain)) {
                Optional<OwnerLink> stored = loadLink.loadByDigest(digest);
                if (stored.isPresent()) {
                    return stored.filter(link -> link.worksFor(purpose, now));
                }
            }
            return Optional.empty();
        });
    }

    /** Uses up a single-use link; of two concurrent uses exactly one answers true. */
    boolean use(OwnerLink link, Instant now) {
        return saveLink.markUsed(link, link.use(now));
    }
}
