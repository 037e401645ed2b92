-- Schema 2: the user's note and tags, and the name of an opt-in audio file kept beside the database.
ALTER TABLE entry ADD COLUMN note TEXT;
ALTER TABLE entry ADD COLUMN audio_file TEXT;

CREATE TABLE entry_tag (
    entry_id INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
    tag      TEXT    NOT NULL,
    PRIMARY KEY (entry_id, tag)
);
