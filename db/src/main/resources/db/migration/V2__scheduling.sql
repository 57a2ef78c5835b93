-- Launching and supervising training runs: the resolved spec, where a run executes, its worker,
-- its progress, and one row per attempt (a resume is a new attempt of the same run).

ALTER TABLE run ADD COLUMN external BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE run ADD COLUMN spec CHARACTER LARGE OBJECT;
ALTER TABLE run ADD COLUMN device_kind VARCHAR(16) DEFAULT 'cpu' NOT NULL;
ALTER TABLE run ADD COLUMN device VARCHAR(32);
ALTER TABLE run ADD COLUMN priority INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE run ADD COLUMN attempt INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE run ADD COLUMN worker_pid BIGINT;
ALTER TABLE run ADD COLUMN worker_started_at BIGINT;
ALTER TABLE run ADD COLUMN worker_token_sha256 CHAR(64);
ALTER TABLE run ADD COLUMN step BIGINT;
ALTER TABLE run ADD COLUMN total_steps BIGINT;
ALTER TABLE run ADD COLUMN heartbeat_at TIMESTAMP WITH TIME ZONE;

CREATE TABLE run_attempt (
    run_id           BIGINT                   NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    attempt          INTEGER                  NOT NULL,
    status           VARCHAR(16)              NOT NULL,
    resume_from      VARCHAR(1024),
    resume_step      BIGINT,
    device           VARCHAR(32),
    pid              BIGINT,
    queued_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE,
    ended_at         TIMESTAMP WITH TIME ZONE,
    error            CHARACTER LARGE OBJECT,
    PRIMARY KEY (run_id, attempt)
);
