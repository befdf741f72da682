-- Which pepper made an integration's secret digest: like a key's, it is never made again, and the
-- pepper is needed for as long as the integration is registered.
ALTER TABLE integration ADD COLUMN secret_pepper VARCHAR(16);
