-- Accounts. The API lower-cases an email before storing or looking it up, so the plain UNIQUE
-- constraint on `email` (together with the lower-case CHECK) is the case-insensitive uniqueness the
-- contract asks for: look a user up with `WHERE email = $1` (lower-cased) and detect a duplicate
-- registration by the unique violation (SQLSTATE 23505) on users_email_key.
CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text NOT NULL,
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_email_lower CHECK (email = lower(email)),
    -- 254 code points, as openapi.yaml's maxLength counts them.
    CONSTRAINT users_email_length CHECK (char_length(email) BETWEEN 1 AND 254),
    -- Only ever a bcrypt hash ($2b$, cost 04-31, 22 salt + 31 hash characters): a plain password
    -- written here by mistake is refused.
    CONSTRAINT users_password_hash_bcrypt CHECK (password_hash ~ '^\$2[abxy]\$[0-3][0-9]\$[./A-Za-z0-9]{53}$')
);
