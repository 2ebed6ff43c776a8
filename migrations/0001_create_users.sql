-- Accounts. Emails are stored lower-cased by the API and unique case-insensitively here: the unique
-- index on lower(email) decides, whatever the server's and the database's notions of lower case, and
-- serves the login lookup `WHERE lower(email) = lower($1)`. A duplicate registration is the unique
-- violation (SQLSTATE 23505) on users_email_lower_key.
CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text NOT NULL,
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    -- 254 code points, as openapi.yaml's maxLength counts them.
    CONSTRAINT users_email_length CHECK (char_length(email) BETWEEN 1 AND 254),
    -- Only ever a bcrypt hash ($2b$, cost 04-31, 22 salt + 31 hash characters): a plain password
    -- written here by mistake is refused.
    CONSTRAINT users_password_hash_bcrypt CHECK (password_hash ~ '^\$2[abxy]\$[0-3][0-9]\$[./A-Za-z0-9]{53}$')
);

CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
