-- The people's read model: what support, analysts and families query. Kafka stays the source of truth; the
-- projector writes these tables and its consumed offsets in one transaction, so a replay never doubles a row.

CREATE TABLE projector_offsets (
    topic       text        NOT NULL,
    partition   integer     NOT NULL,
    next_offset bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, partition)
);

-- Audit trails of the lists ('blocklist') and of the protected-line registry ('protected-lines'); kept forever.
CREATE TABLE audit_records (
    trail         text        NOT NULL,
    src_partition integer     NOT NULL,
    src_offset    bigint      NOT NULL,
    key           text        NOT NULL,
    change        text        NOT NULL,
    actor         text,
    at            timestamptz NOT NULL,
    why           text,
    before        jsonb,
    after         jsonb,
    PRIMARY KEY (trail, src_partition, src_offset)
);
CREATE INDEX audit_records_by_key ON audit_records (trail, key, at DESC, src_offset DESC);

-- BLOCK and WARN decisions (ALLOW is not projected), one partition a month, dropped after the retention.
CREATE TABLE decisions (
    call_id          text        NOT NULL,
    decision         text        NOT NULL,
    reasons          text[]      NOT NULL,
    calling_number   text,
    presented_number text,
    called_number    text        NOT NULL,
    protected_line   boolean     NOT NULL,
    matched_key      text,
    matched_source   text,
    setup_time       timestamptz,
    decided_at       timestamptz NOT NULL,
    stale            boolean     NOT NULL,
    src_partition    integer     NOT NULL,
    src_offset       bigint      NOT NULL,
    PRIMARY KEY (decided_at, src_partition, src_offset)
) PARTITION BY RANGE (decided_at);
CREATE INDEX decisions_by_caller ON decisions (calling_number, decided_at DESC);
CREATE INDEX decisions_by_callee ON decisions (called_number, decided_at DESC);
CREATE INDEX decisions_by_time ON decisions (decided_at DESC);
CREATE INDEX decisions_by_call ON decisions (call_id);
CREATE TABLE decisions_default PARTITION OF decisions DEFAULT;

-- Family notifications, one partition a month by the call's time.
CREATE TABLE notifications (
    notification_id    text        NOT NULL,
    call_id            text        NOT NULL,
    protected_line     text        NOT NULL,
    recipients         text[]      NOT NULL,
    calling_number     text,
    decision           text        NOT NULL,
    reason             text        NOT NULL,
    occurred_at        timestamptz NOT NULL,
    suppressed_repeats integer     NOT NULL,
    src_partition      integer     NOT NULL,
    src_offset         bigint      NOT NULL,
    PRIMARY KEY (occurred_at, src_partition, src_offset)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX notifications_by_line ON notifications (protected_line, occurred_at DESC);
CREATE INDEX notifications_by_call ON notifications (call_id);
CREATE TABLE notifications_default PARTITION OF notifications DEFAULT;
