package com.latchkey.adapters.web;

/** Examples for the OpenAPI document: constants, because annotation values must be. */
final class ApiDocs {

    static final String PROBLEM_JSON = "application/problem+json";

    static final String VALIDATION_FAILED = "{\"type\":\"https://latchkey.dev/problems/validation-failed\","
            + "\"title\":\"Bad Request\",\"status\":400,\"detail\":\"Some fields are missing or not valid.\","
            + "\"code\":\"VALIDATION_FAILED\",\"errors\":[{\"field\":\"email\","
            + "\"message\":\"must be an email address like name@example.com\"}]}";
    static final String INVALID_CREDENTIALS = "{\"type\":\"https://latchkey.dev/problems/invalid-credentials\","
            + "\"title\":\"Unauthorized\",\"status\":401,"
            + "\"detail\":\"The email and API key do not match a key we issued.\",\"code\":\"INVALID_CREDENTIALS\"}";
    static final String KEY_EXPIRED = "{\"type\":\"https://latchkey.dev/problems/key-expired\",\"title\":\"Forbidden\","
            + "\"status\":403,\"detail\":\"This API key was not verified in time and no longer works."
            + " Request a new one.\",\"code\":\"KEY_EXPIRED\"}";
    static final String RATE_LIMITED = "{\"type\":\"https://latchkey.dev/problems/rate-limited\","
            + "\"title\":\"Too Many Requests\",\"status\":429,\"detail\":\"Too many attempts. Try again in 15 minutes.\","
            + "\"code\":\"RATE_LIMITED\"}";
    static final String NOT_FOUND = "{\"type\":\"https://latchkey.dev/problems/not-found\",\"title\":\"Not Found\","
            + "\"status\":404,\"detail\":\"There is no key request with this id.\",\"code\":\"NOT_FOUND\"}";
    static final String PAYLOAD_TOO_LARGE = "{\"type\":\"https://latchkey.dev/problems/payload-too-large\","
            + "\"title\":\"Request Entity Too Large\",\"status\":413,"
            + "\"detail\":\"The request body is larger than 16 KiB.\",\"code\":\"PAYLOAD_TOO_LARGE\"}";
    static final String UNSUPPORTED_MEDIA_TYPE = "{\"type\":\"https://latchkey.dev/problems/unsupported-media-type\","
            + "\"title\":\"Unsupported Media Type\",\"status\":415,"
            + "\"detail\":\"Send the body as application/json.\",\"code\":\"UNSUPPORTED_MEDIA_TYPE\"}";
    static final String ACCEPTED = "{\"requestId\":\"6f1c1f9e-2f4e-4c55-9a55-0b0e4c1d2a11\",\"status\":\"PENDING\","
            + "\"message\":\"Check your email inbox for an email from EasyCommerce containing the API key.\"}";
    static final String STATUS = "{\"requestId\":\"6f1c1f9e-2f4e-4c55-9a55-0b0e4c1d2a11\",\"status\":\"SENT\","
            + "\"attempts\":1,\"updatedAt\":\"2026-11-27T10:00:00Z\"}";
    static final String VERIFIED = "{\"verified\":true,\"keyId\":\"0d7f6f0c-9a3e-4f7e-8a53-5b8c2f1f3c22\","
            + "\"status\":\"ACTIVE\",\"verifiedAt\":\"2026-11-27T10:00:00Z\",\"message\":\"Your API key is verified."
            + " Integrations can now use it to identify your store.\"}";
    static final String IDENTITY =
            "{\"keyId\":\"0d7f6f0c-9a3e-4f7e-8a53-5b8c2f1f3c22\",\"storeId\":\"5b0e9a8e-3c1d-4e2f-9b7a-1f2e3d4c5b6a\","
                    + "\"status\":\"ACTIVE\",\"verifiedAt\":\"2026-11-27T10:00:00Z\",\"scopes\":[]}";
    static final String ACCESS = "{\"storeId\":\"5b0e9a8e-3c1d-4e2f-9b7a-1f2e3d4c5b6a\","
            + "\"keyId\":\"0d7f6f0c-9a3e-4f7e-8a53-5b8c2f1f3c22\",\"scopes\":[\"orders:read\",\"owner:read\"],"
            + "\"owner\":{\"name\":\"Jane Doe\",\"email\":\"jane@shop.example\"}}";
    static final String CONSENT_REQUESTED =
            "{\"consentRequestId\":\"8a6f0b1e-0c2d-4f3e-9a1b-2c3d4e5f6a7b\",\"status\":\"PENDING\"}";
    static final String LINK_NOT_VALID =
            "{\"type\":\"https://latchkey.dev/problems/link-not-valid\",\"title\":\"Gone\","
                    + "\"status\":410,\"detail\":\"This link is no longer valid: it was used already, it expired, or it was"
                    + " never ours. Ask for a new one.\",\"code\":\"LINK_NOT_VALID\"}";
    static final String REVOKED = "{\"keyId\":\"0d7f6f0c-9a3e-4f7e-8a53-5b8c2f1f3c22\",\"status\":\"REVOKED\"}";

    private ApiDocs() {}
}
