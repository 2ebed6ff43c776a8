-- Refresh tokens (POST /auth/login, /auth/refresh, /auth/logout): opaque, single use, rotated.
--
-- Only the SHA-256 of a token is stored (hex), so a copy of the table logs nobody in. Each login starts a
-- family; a refresh spends its token (used_at) and issues the next one in the same family. Presenting a spent
-- token again means it was copied: the whole family is revoked, the thief's tokens and the user's alike, and the
-- user logs in again. Deleting the user deletes their tokens through the cascade.
CREATE TABLE refresh_tokens (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family      uuid NOT NULL,
    token_hash  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    revoked_at  timestamptz,
    CONSTRAINT refresh_tokens_hash_is_sha256 CHECK (token_hash ~ '^[0-9a-f]{64}$')
);

CREATE UNIQUE INDEX refresh_tokens_hash_key ON refresh_tokens (token_hash);
-- Revoking a family; the cascade from users.
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);
