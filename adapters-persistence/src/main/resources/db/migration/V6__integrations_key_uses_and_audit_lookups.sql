-- Integrations registered by operators: the secret is stored only as its digest (like a key's), with a hint.
CREATE TABLE integration (
    id            VARCHAR(40)              PRIMARY KEY,
    name          VARCHAR(400)             NOT NULL,
    scopes        VARCHAR(2000)            NOT NULL,
    secret_digest CHAR(64)                 NOT NULL,
    secret_hint   VARCHAR(40)              NOT NULL,
    registered_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT integration_secret_unique UNIQUE (secret_digest)
);

-- When a key last authenticated or verified, to the minute, written behind (not on every call).
ALTER TABLE api_key ADD COLUMN last_used_at TIMESTAMP WITH TIME ZONE;

-- The audit trail read back by key and by owner: the owner's keyed email index (never the email)
-- and who acted (operator, leak-report; empty for a caller of the public API).
ALTER TABLE audit_event ADD COLUMN email_index CHAR(64);
ALTER TABLE audit_event ADD COLUMN actor VARCHAR(16);
CREATE INDEX audit_event_owner ON audit_event (email_index, id);
CREATE INDEX audit_event_key ON audit_event (key_id, id);
