-- Key requests and the keys minted for them. Written in the SQL that H2 and PostgreSQL share.
-- A key is stored only as its HMAC-SHA256 digest and a display hint; never in clear.
-- An email is stored sealed (AES-GCM, for showing it back) beside its keyed digest (for finding it).

CREATE TABLE key_request (
    id              UUID                     PRIMARY KEY,
    email_index     CHAR(64)                 NOT NULL,
    email_sealed    VARCHAR(400)             NOT NULL,
    owner_name      VARCHAR(400)             NOT NULL,
    status          VARCHAR(16)              NOT NULL,
    attempts        INTEGER                  NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error      VARCHAR(200)
);

CREATE INDEX key_request_due ON key_request (status, next_attempt_at);

CREATE TABLE api_key (
    id          UUID                     PRIMARY KEY,
    request_id  UUID                     NOT NULL REFERENCES key_request (id),
    email_index  CHAR(64)                 NOT NULL,
    email_sealed VARCHAR(400)             NOT NULL,
    owner_name  VARCHAR(400)             NOT NULL,
    digest      CHAR(64)                 NOT NULL,
    hint        VARCHAR(40)              NOT NULL,
    status      VARCHAR(16)              NOT NULL,
    minted_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    verified_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT api_key_digest_unique UNIQUE (digest)
);

CREATE INDEX api_key_email_status ON api_key (email_index, status);
