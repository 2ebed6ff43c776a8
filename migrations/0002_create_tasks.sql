-- Tasks, each owned by one user; deleting the user deletes their tasks (the contract's
-- DELETE /users/me relies on this cascade). `tags` come with the list-querying issue.
--
-- The CHECKs state what the API already guarantees, so a bug cannot store what the API would refuse:
-- lengths count code points (char_length), as openapi.yaml's minLength/maxLength do. Trimming is
-- not checked here: the API trims Unicode whitespace, and no PostgreSQL function has the same
-- definition of it.
CREATE TABLE tasks (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title        text NOT NULL,
    description  text,
    status       text NOT NULL DEFAULT 'todo',
    priority     text NOT NULL DEFAULT 'medium',
    due_at       timestamptz,
    completed_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    version      bigint NOT NULL DEFAULT 1,
    CONSTRAINT tasks_title_length CHECK (char_length(title) BETWEEN 1 AND 200),
    CONSTRAINT tasks_description_length CHECK (char_length(description) <= 10000),
    CONSTRAINT tasks_status_valid CHECK (status IN ('todo', 'in_progress', 'done')),
    CONSTRAINT tasks_priority_valid CHECK (priority IN ('low', 'medium', 'high')),
    -- completed_at is set exactly while the task is done.
    CONSTRAINT tasks_completed_at_iff_done CHECK ((status = 'done') = (completed_at IS NOT NULL)),
    CONSTRAINT tasks_version_positive CHECK (version >= 1)
);

-- GET /tasks: the caller's tasks, newest first (created_at DESC, id DESC). Its leading user_id also
-- serves the ON DELETE CASCADE from users.
CREATE INDEX tasks_user_created ON tasks (user_id, created_at DESC, id DESC);
