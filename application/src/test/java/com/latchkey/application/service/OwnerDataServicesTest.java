package com.latchkey.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.latchkey.application.port.in.EraseOwnerDataUseCase;
import com.latchkey.application.port.in.ExportOwnerDataUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.EraseOwnerDataPort;
import com.latchkey.application.port.out.ErasureNotice;
import com.latchkey.application.port.out.LoadKeyRequestPort;
import com.latchkey.application.port.out.LoadKeyUsePort;
import com.latchkey.application.port.out.ReadAuditTrailPort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.LinkPurpose;
import com.latchkey.domain.OwnerLink;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.PlainApiKey;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.Scope;
import com.latchkey.domain.SecurityEvent;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The owner's rights (SPEC §9): export and erasure with a mailed link, each once. */
class OwnerDataServicesTest {

    private static final EmailAddress OWNER = EmailAddress.of("Jane@Shop.example");

    private final Fakes.Keys keys = new Fakes.Keys();
    private final Fakes.Stores stores = new Fakes.Stores();
    private final Fakes.Links links = new Fakes.Links();
    private final Fakes.Grants grants = new Fakes.Grants();
    private final Fakes.Audit audit = new Fakes.Audit();
    private final ApiKeyFormat keyFormat = ApiKeyFormat.withPrefix("eck_");
    private final SecureRandom random = new SecureRandom();
    private final OwnerLinks ownerLinks = new OwnerLinks(
            ApiKeyFormat.withPrefix("ecl_"),
            Fixtures.DIGEST,
            links,
            links,
            new LinkLifetimes(
                    Duration.ofHours(72), Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofMinutes(30)),
            random);
    private final List<KeyRequest> requests = new ArrayList<>();
    private final LoadKeyRequestPort loadRequests = new LoadKeyRequestPort() {
        @Override
        public Optional<KeyRequest> load(RequestId id) {
            return requests.stream().filter(request -> request.id().equals(id)).findFirst();
        }

        @Override
        public List<KeyRequest> requestsOf(EmailAddress owner) {
            return requests.stream()
                    .filter(request -> request.email().owner().equals(owner.owner()))
                    .toList();
        }
    };
    private final Map<KeyId, Instant> uses = new LinkedHashMap<>();
    private final LoadKeyUsePort keyUses = wanted -> {
        Map<KeyId, Instant> found = new LinkedHashMap<>(uses);
        found.keySet().retainAll(wanted);
        return found;
    };
    /** The owner's trail, served two events a page, so the export must follow the cursor. */
    private final List<SecurityEvent> trail = new ArrayList<>();

    private final ReadAuditTrailPort trailReader = new ReadAuditTrailPort() {
        @Override
        public Page read(Query query) {
            int from = query.after().map(Integer::parseInt).orElse(0);
            List<SecurityEvent> owners = trail.stream()
                    .filter(event -> event.ownerEmail()
                            .map(EmailAddress::owner)
                            .equals(query.owner().map(EmailAddress::owner)))
                    .toList();
            int to = Math.min(owners.size(), from + 2);
            List<Recorded> page = new ArrayList<>();
            for (int i = from; i < to; i++) {
                page.add(new Recorded(Integer.toString(i + 1), owners.get(i)));
            }
            return new Page(page, to < owners.size() ? Optional.of(Integer.toString(to)) : Optional.empty());
        }

        @Override
        public boolean isCursor(String after) {
            return true;
        }
    };

    /** A transaction that puts the links back as they were when the work fails, as a database would. */
    private final TransactionPort transactions = new TransactionPort() {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
            Map<KeyDigest, OwnerLink> before = new LinkedHashMap<>(links.byDigest);
            try {
                return work.get();
            } catch (RuntimeException failed) {
                links.byDigest.clear();
                links.byDigest.putAll(before);
                throw failed;
            }
        }
    };

    private final List<EmailAddress> erased = new ArrayList<>();
    private RuntimeException eraserFails;
    /** The owners and keys whose audit was stripped again after the erasure. */
    private final List<Set<KeyId>> strippedAgain = new ArrayList<>();

    private final EraseOwnerDataPort eraser = new EraseOwnerDataPort() {
        @Override
        public Erased erase(EmailAddress owner) {
            if (eraserFails != null) {
                throw eraserFails;
            }
            erased.add(owner);
            return new Erased(1, 3, 1, 4);
        }

        @Override
        public int stripAudit(EmailAddress owner, Set<KeyId> keys) {
            assertThat(owner).isEqualTo(OWNER);
            strippedAgain.add(keys);
            return 0;
        }
    };
    /** What the erasure left for after the audit windows; run by the test when it wants. */
    private final List<Runnable> later = new ArrayList<>();

    private final List<ErasureNotice> confirmations = new ArrayList<>();
    private boolean transportDown;

    private final ExportOwnerDataService export = new ExportOwnerDataService(
            ownerLinks, loadRequests, keys, keyUses, stores, grants, trailReader, transactions, audit, Fixtures.CLOCK);
    private final EraseOwnerDataService erase = new EraseOwnerDataService(
            ownerLinks,
            keys,
            keys,
            eraser,
            transactions,
            notice -> {
                if (transportDown) {
                    throw new IllegalStateException("erasure confirmation to j***@shop.example not sent");
                }
                confirmations.add(notice);
            },
            audit,
            Fixtures.CLOCK,
            later::add);

    @Test
    void anExportHoldsTheOwnersRequestsKeysLastUsesStoreGrantsAndWholeTrailOnceAndIsAuditedWithNothingPersonal() {
        ApiKey active = key(KeyStatus.ACTIVE);
        ApiKey revoked = key(KeyStatus.REVOKED);
        ApiKey someoneElses = keyOf(EmailAddress.of("other@shop.example"), KeyStatus.ACTIVE);
        uses.put(active.id(), Fixtures.NOW.minusSeconds(60));
        uses.put(someoneElses.id(), Fixtures.NOW);
        grants.grant(stores.storeOf(OWNER), new IntegrationId("crm"), Set.of(new Scope("orders:read")), Fixtures.NOW);
        for (int i = 0; i < 5; i++) {
            trail.add(SecurityEvent.of(SecurityEvent.Type.VERIFIED, Fixtures.NOW.plusSeconds(i), active, null));
        }
        trail.add(SecurityEvent.of(SecurityEvent.Type.VERIFIED, Fixtures.NOW, someoneElses, null));
        String token = link(LinkPurpose.EXPORT);

        ExportOwnerDataUseCase.Result result = export.export(token);

        ExportOwnerDataUseCase.OwnerData data = ((ExportOwnerDataUseCase.Result.Exported) result).data();
        assertThat(data.owner()).isEqualTo(OWNER);
        assertThat(data.store()).contains(stores.storeOf(OWNER));
        assertThat(data.requests())
                .hasSize(2)
                .allMatch(request -> request.email().owner().equals(OWNER.owner()));
        assertThat(data.keys()).extracting(ApiKey::id).containsExactlyInAnyOrder(active.id(), revoked.id());
        assertThat(data.lastUsed()).containsOnlyKeys(active.id());
        assertThat(data.grants()).hasSize(1);
        assertThat(data.events()).as("every page of the trail").hasSize(5);
        SecurityEvent exported = audit.events.getLast();
        assertThat(exported.type()).isEqualTo(SecurityEvent.Type.OWNER_DATA_EXPORTED);
        assertThat(exported.ownerEmail()).isEmpty();
        assertThat(exported.maskedEmail()).isNull();
        assertThat(exported.clientAddress()).isNull();
        assertThat(export.export(token))
                .as("the link works once")
                .isInstanceOf(ExportOwnerDataUseCase.Result.LinkNotValid.class);
    }

    @Test
    void aLinkForOneRightDoesNothingForTheOtherAndStaysUsable() {
        key(KeyStatus.ACTIVE);
        String exportToken = link(LinkPurpose.EXPORT);
        String eraseToken = link(LinkPurpose.ERASE);
        String manageToken = link(LinkPurpose.MANAGE_CONSENTS);

        assertThat(erase.erase(exportToken)).isInstanceOf(EraseOwnerDataUseCase.Result.LinkNotValid.class);
        assertThat(erase.erase(manageToken)).isInstanceOf(EraseOwnerDataUseCase.Result.LinkNotValid.class);
        assertThat(export.export(eraseToken)).isInstanceOf(ExportOwnerDataUseCase.Result.LinkNotValid.class);
        assertThat(export.export("ecl_forged")).isInstanceOf(ExportOwnerDataUseCase.Result.LinkNotValid.class);
        assertThat(erased).isEmpty();
        assertThat(keys.byId.values()).allMatch(key -> key.status() == KeyStatus.ACTIVE);

        assertThat(export.export(exportToken)).isInstanceOf(ExportOwnerDataUseCase.Result.Exported.class);
        assertThat(erase.erase(eraseToken)).isInstanceOf(EraseOwnerDataUseCase.Result.Erased.class);
    }

    @Test
    void anErasureRevokesEveryLiveKeyErasesTheOwnerConfirmsByMailAndWorksOnce() {
        ApiKey active = key(KeyStatus.ACTIVE);
        ApiKey pending = key(KeyStatus.PENDING);
        ApiKey expired = key(KeyStatus.EXPIRED);
        ApiKey someoneElses = keyOf(EmailAddress.of("other@shop.example"), KeyStatus.ACTIVE);
        String token = link(LinkPurpose.ERASE);

        EraseOwnerDataUseCase.Result result = erase.erase(token);

        assertThat(result).isEqualTo(new EraseOwnerDataUseCase.Result.Erased(2, true));
        assertThat(keys.byId.get(active.id()).status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(keys.byId.get(pending.id()).status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(keys.byId.get(expired.id()).status()).isEqualTo(KeyStatus.EXPIRED);
        assertThat(keys.byId.get(someoneElses.id()).status()).isEqualTo(KeyStatus.ACTIVE);
        assertThat(erased).containsExactly(OWNER);
        assertThat(confirmations).containsExactly(new ErasureNotice(OWNER, Fixtures.NOW, 2));
        SecurityEvent done = audit.events.getLast();
        assertThat(done.type()).isEqualTo(SecurityEvent.Type.OWNER_DATA_ERASED);
        assertThat(done.ownerEmail()).isEmpty();
        assertThat(done.maskedEmail()).isNull();
        assertThat(done.key()).isEmpty();
        assertThat(erase.erase(token)).isInstanceOf(EraseOwnerDataUseCase.Result.LinkNotValid.class);
        assertThat(erased).as("erased once").hasSize(1);

        assertThat(strippedAgain).as("not before the audit windows have passed").isEmpty();
        later.forEach(Runnable::run);
        assertThat(strippedAgain)
                .as("events written late by work begun before the erasure are stripped too")
                .containsExactly(Set.of(active.id(), pending.id(), expired.id()));
    }

    @Test
    void anErasureTheStoreFailsLeavesTheLinkUsableAndASecondTryFinishesIt() {
        ApiKey active = key(KeyStatus.ACTIVE);
        String token = link(LinkPurpose.ERASE);
        eraserFails = new IllegalStateException("the database went away");

        assertThatThrownBy(() -> erase.erase(token)).hasMessageContaining("database");
        assertThat(confirmations).isEmpty();
        assertThat(audit.types()).doesNotContain(SecurityEvent.Type.OWNER_DATA_ERASED);

        eraserFails = null;
        assertThat(erase.erase(token))
                .as("the key was revoked on the first try; the second finds nothing live left")
                .isEqualTo(new EraseOwnerDataUseCase.Result.Erased(0, true));
        assertThat(keys.byId.get(active.id()).status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(erased).containsExactly(OWNER);
    }

    @Test
    void aConfirmationTheTransportRefusesLeavesTheErasureDoneAndTheTrailSaysSoWithoutAnAddress() {
        key(KeyStatus.ACTIVE);
        transportDown = true;

        EraseOwnerDataUseCase.Result result = erase.erase(link(LinkPurpose.ERASE));

        assertThat(result).isEqualTo(new EraseOwnerDataUseCase.Result.Erased(1, false));
        assertThat(erased).containsExactly(OWNER);
        SecurityEvent lost = audit.events.stream()
                .filter(event -> event.type() == SecurityEvent.Type.DELIVERY_FAILED)
                .findFirst()
                .orElseThrow();
        assertThat(audit.types()).contains(SecurityEvent.Type.OWNER_DATA_ERASED);
        assertThat(lost.maskedEmail()).isNull();
        assertThat(lost.ownerEmail()).isEmpty();
        assertThat(lost.clientAddress()).isNull();
        assertThat(lost.detail()).doesNotContainIgnoringCase("shop.example").doesNotContainIgnoringCase("jane");
    }

    @Test
    void aTrailThatFailsAfterTheCommitTurnsNeitherADoneExportNorADoneErasureIntoAFault() {
        key(KeyStatus.ACTIVE);
        AuditTrailPort trailDown = event -> {
            throw new IllegalStateException("the audit table is unreachable");
        };
        ExportOwnerDataService exportWithoutTrail = new ExportOwnerDataService(
                ownerLinks,
                loadRequests,
                keys,
                keyUses,
                stores,
                grants,
                trailReader,
                transactions,
                trailDown,
                Fixtures.CLOCK);
        EraseOwnerDataService eraseWithoutTrail = new EraseOwnerDataService(
                ownerLinks,
                keys,
                keys,
                eraser,
                transactions,
                confirmations::add,
                trailDown,
                Fixtures.CLOCK,
                later::add);

        assertThat(exportWithoutTrail.export(link(LinkPurpose.EXPORT)))
                .as("the link is used up: the owner gets the document all the same")
                .isInstanceOf(ExportOwnerDataUseCase.Result.Exported.class);
        assertThat(eraseWithoutTrail.erase(link(LinkPurpose.ERASE)))
                .isEqualTo(new EraseOwnerDataUseCase.Result.Erased(1, true));
        assertThat(erased).containsExactly(OWNER);
        assertThat(confirmations).hasSize(1);
    }

    private String link(LinkPurpose purpose) {
        return ownerLinks
                .forOwner(OWNER, stores.storeOf(OWNER), purpose, Fixtures.NOW)
                .token()
                .reveal();
    }

    private ApiKey key(KeyStatus status) {
        return keyOf(OWNER, status);
    }

    /** A key of {@code owner} in {@code status}, with its request. */
    private ApiKey keyOf(EmailAddress owner, KeyStatus status) {
        PlainApiKey plain = keyFormat.mint(random::nextInt);
        KeyRequest asked = KeyRequest.accept(RequestId.random(), owner, OwnerName.of("Jane's Shop"), Fixtures.NOW);
        requests.add(asked);
        ApiKey minted = ApiKey.mint(
                KeyId.random(),
                asked,
                stores.storeOf(owner),
                Fixtures.DIGEST.digestOf(plain),
                plain.hint(),
                Fixtures.NOW,
                Duration.ofHours(24));
        ApiKey key = switch (status) {
            case MINTED -> minted;
            case UNDELIVERED -> minted.undelivered();
            case PENDING -> minted.delivered();
            case ACTIVE -> ((ApiKey.Verification.Verified) minted.delivered().verify(owner, Fixtures.NOW)).key();
            case REVOKED -> minted.delivered().revoke();
            case EXPIRED -> minted.delivered().expire();
        };
        keys.save(key);
        return key;
    }
}
