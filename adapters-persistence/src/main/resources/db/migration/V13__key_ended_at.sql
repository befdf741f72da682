-- When a key ended (revoked, expired, undelivered), for the retention job (SPEC §9): an ended key is
-- deleted LATCHKEY_RETENTION_ENDED after it ended. Keys that ended before this column count from now.
ALTER TABLE api_key ADD COLUMN ended_at TIMESTAMP WITH TIME ZONE;
UPDATE api_key SET ended_at = CURRENT_TIMESTAMP WHERE status IN ('REVOKED', 'EXPIRED', 'UNDELIVERED');
CREATE INDEX api_key_ended ON api_key (status, ended_at);
