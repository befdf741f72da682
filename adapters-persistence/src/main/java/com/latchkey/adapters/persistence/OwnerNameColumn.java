package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.SealPersonalDataPort;
import com.latchkey.domain.OwnerName;

/**
 * An owner's name in its column ({@code owner_name} of requests and keys): sealed, behind {@link
 * #SEALED}. A release before names were sealed wrote them in clear, and during a rolling upgrade its
 * instances still do, so a value without the mark is a clear name, read as it is (and sealed by
 * migration 12 and by {@link SecretRotation} later). The mark is a control character (U+0001),
 * which {@link OwnerName} never holds, so no clear name can be taken for a sealed one; unlike a
 * leading space (no name has one either) it is not whitespace, so no strip() or SQL TRIM takes it
 * off. The seal itself ({@code <pepper id>:<base64>}) could be typed as a name, so it needs the mark.
 * A sealed name fits in VARCHAR(600): the
 * mark, 9 characters of pepper id, and the base64 of 12 + 400 + 16 bytes (100 characters of up to
 * 4 bytes each, the nonce and the tag) is 582.
 */
final class OwnerNameColumn {

    static final String SEALED = "\u0001";

    private OwnerNameColumn() {}

    static String text(OwnerName name, SealPersonalDataPort seals) {
        return SEALED + seals.sealName(name);
    }

    static OwnerName name(String text, SealPersonalDataPort seals) {
        return isSealed(text) ? seals.openName(sealed(text)) : OwnerName.of(text);
    }

    static boolean isSealed(String text) {
        return text.startsWith(SEALED);
    }

    /** The seal a sealed column value holds, without its mark. */
    static String sealed(String text) {
        return text.substring(SEALED.length());
    }
}
