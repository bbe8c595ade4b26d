-- Fraud reports from the public (kept for the horizon of the scores) and disputes (the latest version of each).

CREATE TABLE reports (
    report_id       text        NOT NULL,
    reported_number text        NOT NULL,
    reporter_number text        NOT NULL,
    channel         text        NOT NULL,
    category        text        NOT NULL,
    call_id         text,
    reported_at     timestamptz NOT NULL,
    src_partition   integer     NOT NULL,
    src_offset      bigint      NOT NULL,
    PRIMARY KEY (reported_number, report_id)
);
CREATE INDEX reports_by_time ON reports (reported_at);

CREATE TABLE disputes (
    dispute_id     text        PRIMARY KEY,
    number         text        NOT NULL,
    status         text        NOT NULL,
    statement      text        NOT NULL,
    contact        text,
    call_id        text,
    matched_key    text,
    matched_source text,
    blocking_entry jsonb,
    opened_by      text,
    opened_at      timestamptz NOT NULL,
    due_at         timestamptz NOT NULL,
    resolved_by    text,
    resolved_at    timestamptz,
    note           text,
    version        bigint      NOT NULL
);
CREATE INDEX disputes_by_status ON disputes (status, due_at);
CREATE INDEX disputes_by_number ON disputes (number, opened_at DESC);
