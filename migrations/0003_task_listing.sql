-- Listing (GET /tasks): tags, full-text search, and an index for every sort and filter, so each page is an
-- index range scan however many tasks a user has (keyset pagination; no OFFSET anywhere).
--
-- `tags` keeps the spellings the user gave, in order; `tag_keys` holds the same tags lower-cased, written by the
-- API beside them (the API's lower-casing is Unicode's, which lower() under the database's locale may not be), so
-- the `tag` filter compares case-insensitively through a GIN index. Element lengths (1–50 code points, trimmed) are
-- the API's to check, as titles' trimming is.
ALTER TABLE tasks
    ADD COLUMN tags text[] NOT NULL DEFAULT '{}',
    ADD COLUMN tag_keys text[] NOT NULL DEFAULT '{}',
    -- `priority` sorts by meaning, low < medium < high, not alphabetically.
    ADD COLUMN priority_rank smallint NOT NULL GENERATED ALWAYS AS (
        CASE priority WHEN 'low' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END
    ) STORED,
    -- `q`: websearch_to_tsquery('simple', q) against title (weight A) and description (weight B).
    ADD COLUMN search tsvector NOT NULL GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', coalesce(description, '')), 'B')
    ) STORED,
    ADD CONSTRAINT tasks_tags_count CHECK (cardinality(tags) <= 20 AND cardinality(tag_keys) = cardinality(tags));

-- Each sort is `(key, id)` in one direction; a B-tree on `(user_id, key, id)` serves both directions, so with
-- tasks_user_created (created_at) these cover all eight orders. Tasks without `due_at` come last in both `due_at`
-- orders: ascending sorts by COALESCE(due_at, 'infinity'), descending by COALESCE(due_at, '-infinity').
CREATE INDEX tasks_user_updated ON tasks (user_id, updated_at, id);
CREATE INDEX tasks_user_priority ON tasks (user_id, priority_rank, id);
CREATE INDEX tasks_user_due_first ON tasks (user_id, (COALESCE(due_at, 'infinity')), id);
CREATE INDEX tasks_user_due_last ON tasks (user_id, (COALESCE(due_at, '-infinity')), id);

-- Filters that a user's own index range would otherwise read row by row: tags and text search.
CREATE INDEX tasks_tag_keys ON tasks USING gin (tag_keys);
CREATE INDEX tasks_search ON tasks USING gin (search);
