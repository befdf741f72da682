-- Owners' stores: one random id per owner (the email case-folded), the same for all of an owner's
-- keys and across rotation. The owner is found by the keyed index of the email under any configured
-- pepper; the unique index makes two instances assigning a first id at once agree on one.
CREATE TABLE store_owner (
    id           UUID                     PRIMARY KEY,
    email_index  CHAR(64)                 NOT NULL,
    email_sealed VARCHAR(400)             NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT store_owner_email_unique UNIQUE (email_index)
);

-- Links mailed to owners: the digest of the token only (the token is only in the mail). A consent
-- link names the integration and the scopes it asks for (space-separated); other links name none.
CREATE TABLE owner_link (
    id             UUID                     PRIMARY KEY,
    digest         CHAR(64)                 NOT NULL,
    purpose        VARCHAR(32)              NOT NULL,
    email_index    CHAR(64)                 NOT NULL,
    email_sealed   VARCHAR(400)             NOT NULL,
    store_id       UUID                     NOT NULL,
    integration_id VARCHAR(40),
    scopes         VARCHAR(8000),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at        TIMESTAMP WITH TIME ZONE,
    CONSTRAINT owner_link_digest_unique UNIQUE (digest)
);

-- What each store granted each integration (scopes space-separated). No foreign keys: a removed
-- integration's grants are withdrawn by the service, and an erased owner's store id goes everywhere.
CREATE TABLE consent_grant (
    store_id       UUID                     NOT NULL,
    integration_id VARCHAR(40)              NOT NULL,
    scopes         VARCHAR(8000)            NOT NULL,
    granted_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT consent_grant_pk PRIMARY KEY (store_id, integration_id)
);

CREATE INDEX consent_grant_integration ON consent_grant (integration_id);

-- The owner's store, on each key. Empty on keys stored before this column (migration 10 fills them
-- in) and on keys an instance of an earlier release stores during a rolling upgrade (filled in when
-- first read).
ALTER TABLE api_key ADD COLUMN store_id UUID;
