package com.latchkey.adapters.web;

import com.latchkey.application.port.in.DescribeStoredDataUseCase;
import jakarta.inject.Singleton;
import java.util.List;

/** An inventory of one entry whose words need escaping, for the privacy page's tests. */
@Singleton
class FakeInventory implements DescribeStoredDataUseCase {

    @Override
    public List<StoredData> inventory() {
        return List.of(new StoredData(
                "Key request",
                "your name & <email>",
                true,
                "to mail you the key",
                "30 days",
                "nobody",
                List.of("key_request.owner_name")));
    }
}
