-- The audit trail of security events: masked emails and key ids only, never a key.
CREATE TABLE audit_event (
    id             UUID                     PRIMARY KEY,
    event_type     VARCHAR(32)              NOT NULL,
    occurred_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    key_id         UUID,
    masked_email   VARCHAR(260),
    client_address VARCHAR(64),
    detail         VARCHAR(200)
);

CREATE INDEX audit_event_time ON audit_event (occurred_at);

-- Token buckets shared by the instances on PostgreSQL (Bucket4j's JDBC layout). Bucket ids are
-- keyed digests of the limit and its subject, so no email or address is stored here.
CREATE TABLE rate_limit_bucket (
    id         VARCHAR(64) PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
