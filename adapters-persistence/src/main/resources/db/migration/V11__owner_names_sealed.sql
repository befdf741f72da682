-- Owners' names are stored sealed (AES-GCM) from now on, as emails are; migration 12 seals the names
-- already stored. A sealed name is a mark, the pepper's id and the base64 of the nonce, the name (at
-- most 100 characters of at most 4 bytes each) and the tag: at most 1 + 9 + 572 = 582 characters.
ALTER TABLE key_request ALTER COLUMN owner_name SET DATA TYPE VARCHAR(600);
ALTER TABLE api_key ALTER COLUMN owner_name SET DATA TYPE VARCHAR(600);
