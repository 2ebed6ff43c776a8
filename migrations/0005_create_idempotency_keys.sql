-- Idempotency keys for POST /tasks (the IETF draft's Idempotency-Key header).
--
-- A key is the caller's own: (user_id, key) is the primary key, so two users may send the same key. The row is
-- written by the same statement as the task it created, so a key is never kept without its task nor a task created
-- twice for one key: a second insert of the key waits for the first statement, then fails on the primary key, and
-- the request is answered from the stored row instead.
--
-- `request_hash` is the SHA-256 (hex) of the request's canonical form (the decoded body, not its bytes), so the same key
-- with another body is told apart; `response` is the created task as it was then, so a replay shows the first
-- response even after the task changed or was deleted. Rows older than 24 hours no longer count, and a background
-- sweep deletes them (`created_at` index).
CREATE TABLE idempotency_keys (
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key           text NOT NULL,
    request_hash  text NOT NULL,
    response      jsonb NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key),
    CONSTRAINT idempotency_keys_key_length CHECK (char_length(key) BETWEEN 1 AND 255),
    CONSTRAINT idempotency_keys_hash_is_sha256 CHECK (request_hash ~ '^[0-9a-f]{64}$')
);

CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
