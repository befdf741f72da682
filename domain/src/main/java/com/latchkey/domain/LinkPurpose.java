package com.latchkey.domain;

/**
 * What an emailed owner link lets its holder do. A consent link is decided once; a manage link
 * may be used again until it expires; an export or erasure link works once.
 */
public enum LinkPurpose {
    /** Approve or deny one integration's request for scopes. */
    CONSENT(true),
    /** List the integrations the owner granted, and withdraw them. */
    MANAGE_CONSENTS(false),
    /** Download everything stored about the owner. */
    EXPORT(true),
    /** Erase the owner's personal data. */
    ERASE(true);

    private final boolean singleUse;

    LinkPurpose(boolean singleUse) {
        this.singleUse = singleUse;
    }

    public boolean isSingleUse() {
        return singleUse;
    }
}
