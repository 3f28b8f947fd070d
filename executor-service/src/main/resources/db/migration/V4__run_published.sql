-- A run's publication mark gets a narrow table of its own. As a column of run, marking a run
-- published rewrote its whole row (request, response and result included) and added an entry to
-- each of its four indexes, for every run; an insert here is one small row and one index entry.
CREATE TABLE run_published (
    run_id        text        PRIMARY KEY,
    published_at  timestamptz NOT NULL
);
INSERT INTO run_published (run_id, published_at) SELECT run_id, finished_at FROM run WHERE published;
ALTER TABLE run DROP COLUMN published;
CREATE INDEX run_published_at ON run_published (published_at);
