package com.latchkey.application.port.out;

import com.latchkey.domain.OwnerLink;

/** Stores owner links (the digests of their tokens, never the tokens): a new one, or its use. */
public interface SaveOwnerLinkPort {

    /** Stores a link made just now. */
    void insert(OwnerLink link);

    /**
     * Stores {@code used}, the link used, only if the stored link is still unused as {@code read}
     * was: of two uses of a single-use link, exactly one answers true.
     */
    boolean markUsed(OwnerLink read, OwnerLink used);
}
