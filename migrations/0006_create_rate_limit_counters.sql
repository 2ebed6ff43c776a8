-- Rate limits for login and registration, kept here so every server instance behind a load balancer counts the
-- same attempts.
--
-- One row per bucket (`login:email:<email>`, `login:address:<client>`, `register:address:<client>`): the
-- attempts counted in a fixed window that began with the first of them and ends at `window_ends`. An attempt past
-- `window_ends` starts a new window. The counters are only worth keeping while the server runs, so the table is
-- UNLOGGED: no WAL per login, and after a crash PostgreSQL empties it (the limits start over, nothing else is
-- lost). A background sweep deletes rows whose window has ended.
CREATE UNLOGGED TABLE rate_limit_counters (
    bucket       text PRIMARY KEY,
    window_ends  timestamptz NOT NULL,
    hits         integer NOT NULL CHECK (hits >= 0)
);

CREATE INDEX rate_limit_counters_window_ends ON rate_limit_counters (window_ends);
