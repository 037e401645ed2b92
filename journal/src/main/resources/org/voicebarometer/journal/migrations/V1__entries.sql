-- Schema 1: one row per analysed voice log; the model's probabilities and the biomarkers are
-- key/value rows so a model with other labels or a new biomarker needs no migration.
CREATE TABLE entry (
    id             INTEGER PRIMARY KEY,
    recorded_at_ms INTEGER NOT NULL,  -- epoch milliseconds, UTC
    user_id        TEXT    NOT NULL,
    emotion        TEXT    NOT NULL,
    confidence     REAL    NOT NULL,
    stress_score   REAL    NOT NULL,
    model          TEXT    NOT NULL,
    duration_s     REAL    NOT NULL
);
CREATE INDEX entry_by_user_time ON entry (user_id, recorded_at_ms);

CREATE TABLE entry_probability (
    entry_id    INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,  -- the model's label order
    label       TEXT    NOT NULL,
    probability REAL    NOT NULL,
    PRIMARY KEY (entry_id, label)
);

CREATE TABLE entry_biomarker (
    entry_id INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
    name     TEXT    NOT NULL,
    value    REAL,              -- NULL stands for NaN (e.g. no voiced frame, so no f0)
    PRIMARY KEY (entry_id, name)
);
