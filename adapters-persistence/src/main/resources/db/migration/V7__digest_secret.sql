-- Which pepper made a key's digest (its id, LATCHKEY_KEY_PEPPERS): a key's plaintext is gone, so its
-- digest is never made again, and the pepper is needed until the key ends. Empty for keys stored
-- before this column; the re-sealing job fills it in from the pepper that opens the key's sealed email.
ALTER TABLE api_key ADD COLUMN digest_secret VARCHAR(16);
