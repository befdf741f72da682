package com.latchkey.application.port.in;

import java.util.List;
import java.util.Objects;

/** What Latchkey keeps, why, for how long and who sees it: the one inventory behind /privacy and docs/privacy.md. */
public interface DescribeStoredDataUseCase {

    List<StoredData> inventory();

    /**
     * One kind of record: what it holds, why, how long it is kept and who sees it, in an owner's
     * words; {@code storage} names where the jdbc store keeps each of its fields ({@code
     * table.column}, or a file), which a test holds against the schema, so no column goes unlisted.
     */
    record StoredData(
            String record,
            String holds,
            boolean personal,
            String why,
            String keptFor,
            String whoSees,
            List<String> storage) {

        public StoredData {
            Objects.requireNonNull(record, "record");
            Objects.requireNonNull(holds, "holds");
            Objects.requireNonNull(why, "why");
            Objects.requireNonNull(keptFor, "keptFor");
            Objects.requireNonNull(whoSees, "whoSees");
            storage = List.copyOf(storage);
        }
    }
}
