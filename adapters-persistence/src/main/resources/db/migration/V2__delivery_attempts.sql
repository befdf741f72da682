-- Every delivery attempt: the key it minted, when, and how it ended (the kind of error only).
CREATE TABLE delivery_attempt (
    id           UUID                     PRIMARY KEY,
    request_id   UUID                     NOT NULL REFERENCES key_request (id),
    attempt      INTEGER                  NOT NULL,
    key_id       UUID                     NOT NULL REFERENCES api_key (id),
    attempted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome      VARCHAR(16)              NOT NULL,
    error        VARCHAR(200),
    CONSTRAINT delivery_attempt_once UNIQUE (request_id, attempt)
);
