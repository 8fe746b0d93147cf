/* lq-project-schema.c: the project file's formats, as SQL.
 *
 * Format N is made by running the first N migrations in order on an empty
 * database; a file of an older format is migrated forward by the rest.
 */
#include "config.h"

#include "lq-project-schema.h"

#include "lq-project-store.h"

#include <sqlite3.h>

/* Format 1: the first released format. */
static const char schema_v1[] =
  "CREATE TABLE album ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  title TEXT NOT NULL DEFAULT '', artist TEXT NOT NULL DEFAULT '', year INTEGER,"
  "  genre TEXT NOT NULL DEFAULT '', upc TEXT, catalogue TEXT NOT NULL DEFAULT '',"
  "  comment TEXT NOT NULL DEFAULT '');"
  "INSERT INTO album (id) VALUES (1);"
  "CREATE TABLE track ("
  "  id INTEGER PRIMARY KEY, position INTEGER NOT NULL,"
  "  source_path TEXT NOT NULL, source_size INTEGER NOT NULL, source_mtime INTEGER NOT NULL,"
  "  source_fingerprint TEXT NOT NULL, duration_s REAL NOT NULL,"
  "  title TEXT NOT NULL DEFAULT '', artist TEXT NOT NULL DEFAULT '', isrc TEXT,"
  "  gap_s REAL NOT NULL DEFAULT 0, trim_in_s REAL NOT NULL DEFAULT 0,"
  "  trim_out_s REAL NOT NULL DEFAULT 0, fade_in_s REAL NOT NULL DEFAULT 0,"
  "  fade_out_s REAL NOT NULL DEFAULT 0, gain_db REAL NOT NULL DEFAULT 0);"
  "CREATE TABLE analysis_cache ("
  "  fingerprint TEXT PRIMARY KEY, analysis TEXT NOT NULL,"
  "  momentary BLOB NOT NULL, short_term BLOB NOT NULL);"
  "CREATE TABLE undo_step ("
  "  id INTEGER PRIMARY KEY, stack TEXT NOT NULL CHECK (stack IN ('undo', 'redo')),"
  "  label TEXT NOT NULL);"
  "CREATE TABLE undo_op ("
  "  id INTEGER PRIMARY KEY,"
  "  step_id INTEGER NOT NULL REFERENCES undo_step (id) ON DELETE CASCADE,"
  "  sql TEXT NOT NULL);"
  "CREATE INDEX undo_op_step ON undo_op (step_id);";

/* Format 2: composer, fade shapes, the delivery target, the typed per-track
 * processing table the mastering chain extends, and waveform overviews. */
static const char migrate_v1_v2[] =
  "ALTER TABLE album ADD COLUMN target TEXT;"
  "ALTER TABLE track ADD COLUMN composer TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE track ADD COLUMN fade_in_shape TEXT NOT NULL DEFAULT 'linear';"
  "ALTER TABLE track ADD COLUMN fade_out_shape TEXT NOT NULL DEFAULT 'linear';"
  "CREATE TABLE track_processing ("
  "  track_id INTEGER PRIMARY KEY"
  "    REFERENCES track (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,"
  "  input_trim_db REAL NOT NULL DEFAULT 0,"
  "  bypass INTEGER NOT NULL DEFAULT 0 CHECK (bypass IN (0, 1)));"
  "INSERT INTO track_processing (track_id) SELECT id FROM track;"
  "CREATE TABLE waveform ("
  "  fingerprint TEXT NOT NULL, frames_per_peak INTEGER NOT NULL, peaks BLOB NOT NULL,"
  "  PRIMARY KEY (fingerprint, frames_per_peak));"
  /* The newest step of either history, without reading all of it. */
  "CREATE INDEX undo_step_stack ON undo_step (stack, id);";

/* Format 3: the album's stored match (lq_project_store_match()): its
 * settings on the album row, each track's planned gain beside its processing.
 * NULL settings: the album was never matched, or the target's ceiling. */
static const char migrate_v2_v3[] =
  "ALTER TABLE album ADD COLUMN match_mode TEXT"
  "  CHECK (match_mode IN ('track', 'album', 'continuity'));"
  "ALTER TABLE album ADD COLUMN match_keep REAL;"
  "ALTER TABLE album ADD COLUMN match_tonal REAL;"
  "ALTER TABLE album ADD COLUMN match_ceiling_dbtp REAL;"
  "ALTER TABLE album ADD COLUMN match_anchor INTEGER;"
  "ALTER TABLE track_processing ADD COLUMN match_gain_db REAL NOT NULL DEFAULT 0;";

/* Format 4: the mastering chain's settings, typed columns (one per field of
 * lq-project-fields.c, with the defaults lq-chain-settings.h documents):
 * the tracks' EQ bands, match EQ switch and stored correction (JSON, NULL:
 * flat), compressor and stereo width; the album bus's EQ bands and
 * compressor, the limiter's release; the tonal match's cap and reference. */
static const char migrate_v3_v4[] =
  "ALTER TABLE track_processing ADD COLUMN eq1_on INTEGER NOT NULL DEFAULT 0 CHECK (eq1_on IN (0, 1));"
  "ALTER TABLE track_processing ADD COLUMN eq1_type TEXT NOT NULL DEFAULT 'high-pass'"
  "  CHECK (eq1_type IN ('bell', 'low-shelf', 'high-shelf', 'high-pass', 'low-pass'));"
  "ALTER TABLE track_processing ADD COLUMN eq1_freq_hz REAL NOT NULL DEFAULT 30;"
  "ALTER TABLE track_processing ADD COLUMN eq1_gain_db REAL NOT NULL DEFAULT 0;"
  "ALTER TABLE track_processing ADD COLUMN eq1_q REAL NOT NULL DEFAULT 0.71;"
  "ALTER TABLE track_processing ADD COLUMN eq1_slope TEXT NOT NULL DEFAULT '24'"
  "  CHECK (eq1_slope IN ('12', '24', '36', '48'));"
  "ALTER TABLE track_processing ADD COLUMN eq1_channels TEXT NOT NULL DEFAULT 'stereo'"
  "  CHECK (eq1_channels IN ('stereo', 'mid', 'side'));"
  "ALTER TABLE track_processing ADD COLUMN eq2_on INTEGER NOT NULL DEFAULT 0 CHECK (eq2_on IN (0, 1));"
  "ALTER TABLE track_processing ADD COLUMN eq2_type TEXT NOT NULL DEFAULT 'low-shelf'"
  "  CHECK (eq2_type IN ('bell', 'low-shelf', 'high-shelf', 'high-pass', 'low-pass'));"
  "ALTER TABLE track_processing ADD COLUMN eq2_freq_hz REAL NOT NULL DEFAULT 100;"
  "ALTER TABLE track_processing ADD COLUMN eq2_gain_db REAL NOT NULL DEFAULT 0;"
  "ALTER TABLE track_processing ADD COLUMN eq2_q REAL NOT NULL DEFAULT 0.71;"
  "ALTER TABLE track_processing ADD COLUMN eq2_slope TEXT NOT NULL DEFAULT '24'"
  "  CHECK (eq2_slope IN ('12', '24', '36', '48'));"
  "ALTER TABLE track_processing ADD COLUMN eq2_channels TEXT NOT NULL DEFAULT 'stereo'"
  "  CHECK (eq2_channels IN ('stereo', 'mid', 'side'));"
  "ALTER TABLE track_processing ADD COLUMN eq3_on INTEGER NOT NULL DEFAULT 0 CHECK (eq3_on IN (0, 1));"
  "ALTER TABLE track_processing ADD COLUMN eq3_type TEXT NOT NULL DEFAULT 'bell'"
  "  CHECK (eq3_type IN ('bell', 'low-shelf', 'high-shelf', 'high-pass', 'low-pass'));"
  "ALTER TABLE track_processing ADD COLUMN eq3_freq_hz REAL NOT NULL DEFAULT 250;"
  "ALTER TABLE track_processing ADD COLUMN eq3_gain_db REAL NOT NULL DEFAULT 0;"
  "ALTER TABLE track_processing ADD COLUMN eq3_q REAL NOT NULL DEFAULT 0.71;"
  "ALTER TABLE track_processing ADD COLUMN eq3_slope TEXT NOT NULL DEFAULT '24'"
  "  CHECK (eq3_slope IN ('12', '24', '36', '48'));"
  "ALTER TABLE track_processing ADD COLUMN eq3_channels TEXT NOT NULL DEFAULT 'stereo'"
  "  CHECK (eq3_channels IN ('stereo', 'mid', 'side'));"
  "ALTER TABLE track_processing ADD COLUMN eq4_on INTEGER NOT NULL DEFAULT 0 CHECK (eq4_on IN (0, 1));"
  "ALTER TABLE track_processing ADD COLUMN eq4_type TEXT NOT NULL DEFAULT 'bell'"
  "  CHECK (eq4_type IN ('bell', 'low-shelf', 'high-shelf', 'high-pass', 'low-pass'));"
  "ALTER TABLE track_processing ADD COLUMN eq4_freq_hz REAL NOT NULL DEFAULT 800;"
  "ALTER TABLE track_processing ADD COLUMN eq4_gain_db REAL NOT NULL DEFAULT 0;"
  "ALTER TABLE track_processing ADD COLUMN eq4_q REAL NOT NULL DEFAULT 0.71;"
  "ALTER TABLE track_processing ADD COLUMN eq4_slope TEXT NOT NULL DEFAULT '24'"
  "  CHECK (eq4_slope IN ('12', '24', '36', '48'));"
  "ALTER TABLE track_processing ADD COLUMN eq4_channels TEXT NOT NULL DEFAULT 'stereo'"
  "  CHECK (eq4_channels IN ('stereo', 'mid', 'side'));"
  "ALTER TABLE track_processing ADD COLUMN eq5_on INTEGER NOT NULL DEFAULT 0 CHECK (eq5_on IN (0, 1));"
  "ALTER TABLE track_processing ADD COLUMN eq5_type TEXT NOT NULL DEFAULT 'bell'"
  "  CHECK (eq5_type IN ('bell', 'low-shelf', 'high-shelf', 'high-pass', 'low-pass'));"
  "ALTER TABLE track_processing ADD COLUMN eq5_freq_hz REAL NOT NULL DEFAULT 2500;"
  "ALTER TABLE track_processing ADD COLUMN eq5_gain_db REAL NOT NULL DEFAULT 0;"
  "ALTER TABLE track_processing ADD COLUMN eq5_q REAL NOT NULL DEFAULT 0.71;"
  "ALTER TABLE track_processing ADD COLUMN eq5_slope TEXT NOT NULL DEFAULT '24'"
  "  CHECK (eq5_slope IN ('12', '24', '36', '48'));"
  "ALTER TABLE track_processing ADD COLUMN eq5_channels TEXT NOT NULL DEFAULT 'stereo'"
  "  CHECK (eq5_channels IN ('stereo', 'mid', 'side'));"
  "ALTER TABLE track_processing ADD COLUMN eq6_on INTEGER NOT NULL DEFAULT 0 CHECK (eq6_on IN (0, 1));"
  "ALTER TABLE track_processing ADD COLUMN eq6_type TEXT NOT NULL DEFAULT 'bell'"
  "  CHECK (eq6_type IN ('bell', 'low-shelf', 'high-shelf', 'high-pass', 'low-pass'));"
  "ALTER TABLE track_processing ADD COLUMN eq6_freq_hz REAL NOT NULL DEFAULT 6000;"
  "ALTER TABLE track_processing ADD COLUMN eq6_gain_db REAL NOT NULL DEFAULT 0;"
  "ALTER TABLE track_processing ADD COLUMN eq6_q REAL NOT NULL DEFAULT 0.71;"
  "ALTER TABLE track_processing ADD COLUMN eq6_slope TEXT NOT NULL DEFAULT '24'"
  "  CHECK (eq6_slope IN ('12', '24', '36', '48'));"
  "ALTER TABLE track_processing ADD COLUMN eq6_channels TEXT NOT NULL DEFAULT 'stereo'"
  "  CHECK (eq6_channels IN ('stereo', 'mid', 'side'));"
  "ALTER TABLE track_processing ADD COLUMN eq7_on INTEGER NOT NULL DEFAULT 0 CHECK (eq7_on IN (0, 1));"
  "ALTER TABLE track_processing ADD COLUMN eq7_type TEXT NOT NULL DEFAULT 'high-shelf'"
  "  CHECK (eq7_type IN ('bell', 'low-shelf', 'high-shelf', 'high-pass', 'low-pass'));"
  "ALTER TABLE track_processing ADD COLUMN eq7_freq_hz REAL NOT NULL DEFAULT 10000;"
  "ALTER TABLE track_processing ADD COLUMN eq7_gain_db REAL NOT NULL DEFAULT 0;"
  "ALTER TABLE track_processing ADD COLUMN eq7_q REAL NOT NULL DEFAULT 0.71;"
  "ALTER TABLE track_processing ADD COLUMN eq7_slope TEXT NOT NULL DEFAULT '24'"
  "  CHECK (eq7_slope IN ('12', '24', '36', '48'));"
  "ALTER TABLE track_processing ADD COLUMN eq7_channels TEXT NOT NULL DEFAULT 'stereo'"
  "  CHECK (eq7_channels IN ('stereo', 'mid', 'side'));"
  "ALTER TABLE track_processing ADD COLUMN eq8_on INTEGER NOT NULL DEFAULT 0 CHECK (eq8_on IN (0, 1));"
  "ALTER TABLE track_processing ADD COLUMN eq8_type TEXT NOT NULL DEFAULT 'low-pass'"
  "  CHECK (eq8_type IN ('bell', 'low-shelf', 'high-shelf', 'high-pass', 'low-pass'));"
  "ALTER TABLE track_processing ADD COLUMN eq8_freq_hz REAL NOT NULL DEFAULT 20000;"
  "ALTER TABLE track_processing ADD COLUMN eq8_gain_db REAL NOT NULL DEFAULT 0;"
  "ALTER TABLE track_processing ADD COLUMN eq8_q REAL NOT NULL DEFAULT 0.71;"
  "ALTER TABLE track_processing ADD COLUMN eq8_slope TEXT NOT NULL DEFAULT '24'"
  "  CHECK (eq8_slope IN ('12', '24', '36', '48'));"
  "ALTER TABLE track_processing ADD COLUMN eq8_channels TEXT NOT NULL DEFAULT 'stereo'"
  "  CHECK (eq8_channels IN ('stereo', 'mid', 'side'));"
  "ALTER TABLE track_processing ADD COLUMN match_eq_on INTEGER NOT NULL DEFAULT 1 CHECK (match_eq_on IN (0, 1));"
  "ALTER TABLE track_processing ADD COLUMN match_eq TEXT;"
  "ALTER TABLE track_processing ADD COLUMN comp_on INTEGER NOT NULL DEFAULT 0 CHECK (comp_on IN (0, 1));"
  "ALTER TABLE track_processing ADD COLUMN comp_threshold_db REAL NOT NULL DEFAULT -18;"
  "ALTER TABLE track_processing ADD COLUMN comp_ratio REAL NOT NULL DEFAULT 2;"
  "ALTER TABLE track_processing ADD COLUMN comp_knee_db REAL NOT NULL DEFAULT 6;"
  "ALTER TABLE track_processing ADD COLUMN comp_attack_ms REAL NOT NULL DEFAULT 10;"
  "ALTER TABLE track_processing ADD COLUMN comp_release_ms REAL NOT NULL DEFAULT 100;"
  "ALTER TABLE track_processing ADD COLUMN comp_makeup_db REAL NOT NULL DEFAULT 0;"
  "ALTER TABLE track_processing ADD COLUMN comp_detection TEXT NOT NULL DEFAULT 'rms'"
  "  CHECK (comp_detection IN ('peak', 'rms'));"
  "ALTER TABLE track_processing ADD COLUMN comp_channels TEXT NOT NULL DEFAULT 'linked'"
  "  CHECK (comp_channels IN ('linked', 'mid-side'));"
  "ALTER TABLE track_processing ADD COLUMN width_on INTEGER NOT NULL DEFAULT 0 CHECK (width_on IN (0, 1));"
  "ALTER TABLE track_processing ADD COLUMN width REAL NOT NULL DEFAULT 1;"
  "ALTER TABLE track_processing ADD COLUMN mono_below_hz REAL NOT NULL DEFAULT 0;"
  "ALTER TABLE album ADD COLUMN bus_eq1_on INTEGER NOT NULL DEFAULT 0 CHECK (bus_eq1_on IN (0, 1));"
  "ALTER TABLE album ADD COLUMN bus_eq1_type TEXT NOT NULL DEFAULT 'high-pass'"
  "  CHECK (bus_eq1_type IN ('bell', 'low-shelf', 'high-shelf', 'high-pass', 'low-pass'));"
  "ALTER TABLE album ADD COLUMN bus_eq1_freq_hz REAL NOT NULL DEFAULT 30;"
  "ALTER TABLE album ADD COLUMN bus_eq1_gain_db REAL NOT NULL DEFAULT 0;"
  "ALTER TABLE album ADD COLUMN bus_eq1_q REAL NOT NULL DEFAULT 0.71;"
  "ALTER TABLE album ADD COLUMN bus_eq1_slope TEXT NOT NULL DEFAULT '24'"
  "  CHECK (bus_eq1_slope IN ('12', '24', '36', '48'));"
  "ALTER TABLE album ADD COLUMN bus_eq1_channels TEXT NOT NULL DEFAULT 'stereo'"
  "  CHECK (bus_eq1_channels IN ('stereo', 'mid', 'side'));"
  "ALTER TABLE album ADD COLUMN bus_eq2_on INTEGER NOT NULL DEFAULT 0 CHECK (bus_eq2_on IN (0, 1));"
  "ALTER TABLE album ADD COLUMN bus_eq2_type TEXT NOT NULL DEFAULT 'low-shelf'"
  "  CHECK (bus_eq2_type IN ('bell', 'low-shelf', 'high-shelf', 'high-pass', 'low-pass'));"
  "ALTER TABLE album ADD COLUMN bus_eq2_freq_hz REAL NOT NULL DEFAULT 100;"
  "ALTER TABLE album ADD COLUMN bus_eq2_gain_db REAL NOT NULL DEFAULT 0;"
  "ALTER TABLE album ADD COLUMN bus_eq2_q REAL NOT NULL DEFAULT 0.71;"
  "ALTER TABLE album ADD COLUMN bus_eq2_slope TEXT NOT NULL DEFAULT '24'"
  "  CHECK (bus_eq2_slope IN ('12', '24', '36', '48'));"
  "ALTER TABLE album ADD COLUMN bus_eq2_channels TEXT NOT NULL DEFAULT 'stereo'"
  "  CHECK (bus_eq2_channels IN ('stereo', 'mid', 'side'));"
  "ALTER TABLE album ADD COLUMN bus_eq3_on INTEGER NOT NULL DEFAULT 0 CHECK (bus_eq3_on IN (0, 1));"
  "ALTER TABLE album ADD COLUMN bus_eq3_type TEXT NOT NULL DEFAULT 'bell'"
  "  CHECK (bus_eq3_type IN ('bell', 'low-shelf', 'high-shelf', 'high-pass', 'low-pass'));"
  "ALTER TABLE album ADD COLUMN bus_eq3_freq_hz REAL NOT NULL DEFAULT 250;"
  "ALTER TABLE album ADD COLUMN bus_eq3_gain_db REAL NOT NULL DEFAULT 0;"
  "ALTER TABLE album ADD COLUMN bus_eq3_q REAL NOT NULL DEFAULT 0.71;"
  "ALTER TABLE album ADD COLUMN bus_eq3_slope TEXT NOT NULL DEFAULT '24'"
  "  CHECK (bus_eq3_slope IN ('12', '24', '36', '48'));"
  "ALTER TABLE album ADD COLUMN bus_eq3_channels TEXT NOT NULL DEFAULT 'stereo'"
  "  CHECK (bus_eq3_channels IN ('stereo', 'mid', 'side'));"
  "ALTER TABLE album ADD COLUMN bus_eq4_on INTEGER NOT NULL DEFAULT 0 CHECK (bus_eq4_on IN (0, 1));"
  "ALTER TABLE album ADD COLUMN bus_eq4_type TEXT NOT NULL DEFAULT 'bell'"
  "  CHECK (bus_eq4_type IN ('bell', 'low-shelf', 'high-shelf', 'high-pass', 'low-pass'));"
  "ALTER TABLE album ADD COLUMN bus_eq4_freq_hz REAL NOT NULL DEFAULT 800;"
  "ALTER TABLE album ADD COLUMN bus_eq4_gain_db REAL NOT NULL DEFAULT 0;"
  "ALTER TABLE album ADD COLUMN bus_eq4_q REAL NOT NULL DEFAULT 0.71;"
  "ALTER TABLE album ADD COLUMN bus_eq4_slope TEXT NOT NULL DEFAULT '24'"
  "  CHECK (bus_eq4_slope IN ('12', '24', '36', '48'));"
  "ALTER TABLE album ADD COLUMN bus_eq4_channels TEXT NOT NULL DEFAULT 'stereo'"
  "  CHECK (bus_eq4_channels IN ('stereo', 'mid', 'side'));"
  "ALTER TABLE album ADD COLUMN bus_eq5_on INTEGER NOT NULL DEFAULT 0 CHECK (bus_eq5_on IN (0, 1));"
  "ALTER TABLE album ADD COLUMN bus_eq5_type TEXT NOT NULL DEFAULT 'bell'"
  "  CHECK (bus_eq5_type IN ('bell', 'low-shelf', 'high-shelf', 'high-pass', 'low-pass'));"
  "ALTER TABLE album ADD COLUMN bus_eq5_freq_hz REAL NOT NULL DEFAULT 2500;"
  "ALTER TABLE album ADD COLUMN bus_eq5_gain_db REAL NOT NULL DEFAULT 0;"
  "ALTER TABLE album ADD COLUMN bus_eq5_q REAL NOT NULL DEFAULT 0.71;"
  "ALTER TABLE album ADD COLUMN bus_eq5_slope TEXT NOT NULL DEFAULT '24'"
  "  CHECK (bus_eq5_slope IN ('12', '24', '36', '48'));"
  "ALTER TABLE album ADD COLUMN bus_eq5_channels TEXT NOT NULL DEFAULT 'stereo'"
  "  CHECK (bus_eq5_channels IN ('stereo', 'mid', 'side'));"
  "ALTER TABLE album ADD COLUMN bus_eq6_on INTEGER NOT NULL DEFAULT 0 CHECK (bus_eq6_on IN (0, 1));"
  "ALTER TABLE album ADD COLUMN bus_eq6_type TEXT NOT NULL DEFAULT 'bell'"
  "  CHECK (bus_eq6_type IN ('bell', 'low-shelf', 'high-shelf', 'high-pass', 'low-pass'));"
  "ALTER TABLE album ADD COLUMN bus_eq6_freq_hz REAL NOT NULL DEFAULT 6000;"
  "ALTER TABLE album ADD COLUMN bus_eq6_gain_db REAL NOT NULL DEFAULT 0;"
  "ALTER TABLE album ADD COLUMN bus_eq6_q REAL NOT NULL DEFAULT 0.71;"
  "ALTER TABLE album ADD COLUMN bus_eq6_slope TEXT NOT NULL DEFAULT '24'"
  "  CHECK (bus_eq6_slope IN ('12', '24', '36', '48'));"
  "ALTER TABLE album ADD COLUMN bus_eq6_channels TEXT NOT NULL DEFAULT 'stereo'"
  "  CHECK (bus_eq6_channels IN ('stereo', 'mid', 'side'));"
  "ALTER TABLE album ADD COLUMN bus_eq7_on INTEGER NOT NULL DEFAULT 0 CHECK (bus_eq7_on IN (0, 1));"
  "ALTER TABLE album ADD COLUMN bus_eq7_type TEXT NOT NULL DEFAULT 'high-shelf'"
  "  CHECK (bus_eq7_type IN ('bell', 'low-shelf', 'high-shelf', 'high-pass', 'low-pass'));"
  "ALTER TABLE album ADD COLUMN bus_eq7_freq_hz REAL NOT NULL DEFAULT 10000;"
  "ALTER TABLE album ADD COLUMN bus_eq7_gain_db REAL NOT NULL DEFAULT 0;"
  "ALTER TABLE album ADD COLUMN bus_eq7_q REAL NOT NULL DEFAULT 0.71;"
  "ALTER TABLE album ADD COLUMN bus_eq7_slope TEXT NOT NULL DEFAULT '24'"
  "  CHECK (bus_eq7_slope IN ('12', '24', '36', '48'));"
  "ALTER TABLE album ADD COLUMN bus_eq7_channels TEXT NOT NULL DEFAULT 'stereo'"
  "  CHECK (bus_eq7_channels IN ('stereo', 'mid', 'side'));"
  "ALTER TABLE album ADD COLUMN bus_eq8_on INTEGER NOT NULL DEFAULT 0 CHECK (bus_eq8_on IN (0, 1));"
  "ALTER TABLE album ADD COLUMN bus_eq8_type TEXT NOT NULL DEFAULT 'low-pass'"
  "  CHECK (bus_eq8_type IN ('bell', 'low-shelf', 'high-shelf', 'high-pass', 'low-pass'));"
  "ALTER TABLE album ADD COLUMN bus_eq8_freq_hz REAL NOT NULL DEFAULT 20000;"
  "ALTER TABLE album ADD COLUMN bus_eq8_gain_db REAL NOT NULL DEFAULT 0;"
  "ALTER TABLE album ADD COLUMN bus_eq8_q REAL NOT NULL DEFAULT 0.71;"
  "ALTER TABLE album ADD COLUMN bus_eq8_slope TEXT NOT NULL DEFAULT '24'"
  "  CHECK (bus_eq8_slope IN ('12', '24', '36', '48'));"
  "ALTER TABLE album ADD COLUMN bus_eq8_channels TEXT NOT NULL DEFAULT 'stereo'"
  "  CHECK (bus_eq8_channels IN ('stereo', 'mid', 'side'));"
  "ALTER TABLE album ADD COLUMN bus_comp_on INTEGER NOT NULL DEFAULT 0 CHECK (bus_comp_on IN (0, 1));"
  "ALTER TABLE album ADD COLUMN bus_comp_threshold_db REAL NOT NULL DEFAULT -18;"
  "ALTER TABLE album ADD COLUMN bus_comp_ratio REAL NOT NULL DEFAULT 2;"
  "ALTER TABLE album ADD COLUMN bus_comp_knee_db REAL NOT NULL DEFAULT 6;"
  "ALTER TABLE album ADD COLUMN bus_comp_attack_ms REAL NOT NULL DEFAULT 10;"
  "ALTER TABLE album ADD COLUMN bus_comp_release_ms REAL NOT NULL DEFAULT 100;"
  "ALTER TABLE album ADD COLUMN bus_comp_makeup_db REAL NOT NULL DEFAULT 0;"
  "ALTER TABLE album ADD COLUMN bus_comp_detection TEXT NOT NULL DEFAULT 'rms'"
  "  CHECK (bus_comp_detection IN ('peak', 'rms'));"
  "ALTER TABLE album ADD COLUMN bus_comp_channels TEXT NOT NULL DEFAULT 'linked'"
  "  CHECK (bus_comp_channels IN ('linked', 'mid-side'));"
  "ALTER TABLE album ADD COLUMN limiter_release_ms REAL NOT NULL DEFAULT 100;"
  "ALTER TABLE album ADD COLUMN limiter_auto_release INTEGER NOT NULL DEFAULT 1"
  "  CHECK (limiter_auto_release IN (0, 1));"
  "ALTER TABLE album ADD COLUMN match_tonal_cap_db REAL;"
  "ALTER TABLE album ADD COLUMN match_reference TEXT;";

/* Format 5: each source's full stat identity (lq-source-file.h): the
 * modification and change times in nanoseconds and the inode, beside the
 * size. NULL (a migrated track): not known yet, so the file is hashed again
 * once and, if its content is the same, the identity is filled in. */
static const char migrate_v4_v5[] =
  "ALTER TABLE track ADD COLUMN source_mtime_ns INTEGER;"
  "ALTER TABLE track ADD COLUMN source_ctime_ns INTEGER;"
  "ALTER TABLE track ADD COLUMN source_inode INTEGER;";

/* Format 6: what each export wrote (lq_project_record_export()): per track,
 * the newest file written, when, its measured loudness and true peak, the
 * target it was checked against, the source's fingerprint and a digest of
 * the track's settings it was rendered from (to tell a stale export), and
 * the loudness of all the files that export wrote, gated as one programme. Not
 * an album edit: no undo history. */
static const char migrate_v5_v6[] =
  "CREATE TABLE export_record ("
  "  track_id INTEGER PRIMARY KEY, path TEXT NOT NULL, time INTEGER NOT NULL,"
  "  integrated_lufs REAL, true_peak_dbtp REAL, album_lufs REAL, target TEXT,"
  "  source_fingerprint TEXT NOT NULL, inputs TEXT NOT NULL);"
  /* A removed track takes its record with it: SQLite may give its id to the
   * next track added, which must not show an export it never had. */
  "CREATE TRIGGER export_record_track_removed AFTER DELETE ON track"
  " BEGIN DELETE FROM export_record WHERE track_id = OLD.id; END;";

/* Format 7: the pre-limiter gain solved for each track (lq-project.h,
 * lq_project_set_solved_gain()) and the key of what it was solved for. A
 * cache: no undo step writes it, and a key that no longer matches makes it
 * unused. No foreign key: undo and redo (which may delete tracks) touch
 * only the undoable tables; a row left by a removed track is never valid
 * for another (the key covers the source and every setting). */
static const char migrate_v6_v7[] =
  "CREATE TABLE solved_gain ("
  "  track_id INTEGER PRIMARY KEY, key TEXT NOT NULL, gain_db REAL NOT NULL);";

/* Format 8: the project's reference list and its blind tests.
 *
 * reference: audio files to compare the album with (not tracks: never
 * rendered), each with the identity and fingerprint a track's source has
 * (lq-source-file.h) and its analysis in analysis_cache under that
 * fingerprint; listed by "added" (the order they were added); cue_s is
 * where it plays from (0: the start). An album edit: undoable.
 *
 * abx_test, abx_trial: each finished ABX test (lq_project_save_abx()): when,
 * of which track (NULL: not one track; no foreign key, so removing the track
 * keeps the result), what was compared (a name and a fingerprint of each
 * source), how many trials, how many right and the one-sided binomial
 * p-value; and every trial (when, which source X was, the answer). Records
 * of listening, not edits: no undo history. */
static const char migrate_v7_v8[] =
  "CREATE TABLE reference ("
  "  id INTEGER PRIMARY KEY, added INTEGER NOT NULL, source_path TEXT NOT NULL,"
  "  source_size INTEGER NOT NULL, source_mtime INTEGER NOT NULL,"
  "  source_mtime_ns INTEGER, source_ctime_ns INTEGER, source_inode INTEGER,"
  "  source_fingerprint TEXT NOT NULL, duration_s REAL NOT NULL,"
  "  title TEXT NOT NULL DEFAULT '', cue_s REAL NOT NULL DEFAULT 0 CHECK (cue_s >= 0));"
  "CREATE TABLE abx_test ("
  "  id INTEGER PRIMARY KEY, time INTEGER NOT NULL, track_id INTEGER,"
  "  a_name TEXT NOT NULL, a_fingerprint TEXT NOT NULL,"
  "  b_name TEXT NOT NULL, b_fingerprint TEXT NOT NULL,"
  "  n_trials INTEGER NOT NULL CHECK (n_trials > 0),"
  "  correct INTEGER NOT NULL CHECK (correct >= 0 AND correct <= n_trials),"
  "  p_value REAL NOT NULL);"
  "CREATE TABLE abx_trial ("
  "  test_id INTEGER NOT NULL REFERENCES abx_test (id) ON DELETE CASCADE,"
  "  idx INTEGER NOT NULL, time INTEGER NOT NULL,"
  "  x TEXT NOT NULL CHECK (x IN ('a', 'b')), answer TEXT NOT NULL CHECK (answer IN ('a', 'b')),"
  "  PRIMARY KEY (test_id, idx));";

/* Format 9: what the workspace's views draw, cached by the analysis
 * (README, "The analysis cache"): each overview level's RMS per peak
 * (lq-waveform.h: one byte per channel per peak), and per analysis the
 * clipped runs and true-peak overs (lq-track-analysis.h: LqSampleRun, as
 * 20-byte little-endian records: start and frames int64, peak_db float32)
 * and whether the cap dropped some. NULL (a migrated row): not measured,
 * so the track is analysed again (lq_project_analyze() measures the tracks
 * without a usable cached analysis). */
static const char migrate_v8_v9[] =
  "ALTER TABLE waveform ADD COLUMN rms BLOB;"
  "ALTER TABLE analysis_cache ADD COLUMN clipped_runs BLOB;"
  "ALTER TABLE analysis_cache ADD COLUMN true_peak_overs BLOB;"
  "ALTER TABLE analysis_cache ADD COLUMN runs_truncated INTEGER"
  "  CHECK (runs_truncated IN (0, 1));";

/* Format 10: what a CD needs (issue 13): CD-Text's songwriter for the
 * album and each track (the composer is there since format 2), the album's
 * arranger and message, the subcode's "digital copy permitted" bit for the
 * disc (0: not permitted; Lacquer never applies pre-emphasis, so there is
 * no flag for it) and each track's further index points (INDEX 02
 * onwards: seconds from the track's start, "12.5 61"; NULL: none). */
static const char migrate_v9_v10[] =
  "ALTER TABLE album ADD COLUMN songwriter TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE album ADD COLUMN arranger TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE album ADD COLUMN message TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE album ADD COLUMN cd_copy INTEGER NOT NULL DEFAULT 0 CHECK (cd_copy IN (0, 1));"
  "ALTER TABLE track ADD COLUMN songwriter TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE track ADD COLUMN cd_indexes TEXT;";

/* Format 11: the album's front cover (issue 13), written into exported
 * files: the picture's bytes as they were read (a PNG or JPEG of at most
 * LQ_COVER_MAX_BYTES), its MIME type and size in pixels, in a table of
 * its own that edits never change; the album row names the one in use
 * (NULL: no cover). Setting another cover adds a row, so that undo and
 * redo only set cover_id back; rows nothing refers to any more (neither
 * the album nor a step of the history) go when a cover is set
 * (lq-project-cover.c). */
static const char migrate_v10_v11[] =
  "CREATE TABLE cover ("
  "  id INTEGER PRIMARY KEY,"
  "  mime TEXT NOT NULL CHECK (mime IN ('image/png', 'image/jpeg')),"
  "  width INTEGER NOT NULL CHECK (width > 0), height INTEGER NOT NULL CHECK (height > 0),"
  "  data BLOB NOT NULL);"
  "ALTER TABLE album ADD COLUMN cover_id INTEGER;";

const char *const lq_project_migrations[] = {
  schema_v1,       /* 0 -> 1 */
  migrate_v1_v2,   /* 1 -> 2 */
  migrate_v2_v3,   /* 2 -> 3 */
  migrate_v3_v4,   /* 3 -> 4 */
  migrate_v4_v5,   /* 4 -> 5 */
  migrate_v5_v6,   /* 5 -> 6 */
  migrate_v6_v7,   /* 6 -> 7 */
  migrate_v7_v8,   /* 7 -> 8 */
  migrate_v8_v9,   /* 8 -> 9 */
  migrate_v9_v10,  /* 9 -> 10 */
  migrate_v10_v11, /* 10 -> 11 */
};

G_STATIC_ASSERT (G_N_ELEMENTS (lq_project_migrations) == LQ_PROJECT_FORMAT_VERSION);

/* Columns each format-11 table must have: a file that lacks them has
 * another schema, whatever its version number says. */
const LqExpectedTable lq_project_expected_schema[] = {
  { "album", "id title artist year genre upc catalogue comment target "
             "match_mode match_keep match_tonal match_ceiling_dbtp match_anchor "
             "bus_eq1_on bus_eq1_type bus_eq1_freq_hz bus_eq1_gain_db bus_eq1_q bus_eq1_slope bus_eq1_channels bus_eq2_on bus_eq2_type bus_eq2_freq_hz bus_eq2_gain_db bus_eq2_q bus_eq2_slope bus_eq2_channels bus_eq3_on bus_eq3_type bus_eq3_freq_hz bus_eq3_gain_db bus_eq3_q bus_eq3_slope bus_eq3_channels bus_eq4_on bus_eq4_type bus_eq4_freq_hz bus_eq4_gain_db bus_eq4_q bus_eq4_slope bus_eq4_channels bus_eq5_on bus_eq5_type bus_eq5_freq_hz bus_eq5_gain_db bus_eq5_q bus_eq5_slope bus_eq5_channels bus_eq6_on bus_eq6_type bus_eq6_freq_hz bus_eq6_gain_db bus_eq6_q bus_eq6_slope bus_eq6_channels bus_eq7_on bus_eq7_type bus_eq7_freq_hz bus_eq7_gain_db bus_eq7_q bus_eq7_slope bus_eq7_channels bus_eq8_on bus_eq8_type bus_eq8_freq_hz bus_eq8_gain_db bus_eq8_q bus_eq8_slope bus_eq8_channels bus_comp_on bus_comp_threshold_db bus_comp_ratio bus_comp_knee_db bus_comp_attack_ms bus_comp_release_ms bus_comp_makeup_db bus_comp_detection bus_comp_channels limiter_release_ms limiter_auto_release match_tonal_cap_db match_reference "
             "songwriter arranger message cd_copy cover_id" },
  { "track", "id position source_path source_size source_mtime source_fingerprint duration_s "
             "title artist composer isrc gap_s trim_in_s trim_out_s fade_in_s fade_in_shape "
             "fade_out_s fade_out_shape gain_db source_mtime_ns source_ctime_ns source_inode "
             "songwriter cd_indexes" },
  { "track_processing", "track_id input_trim_db bypass match_gain_db "
                        "eq1_on eq1_type eq1_freq_hz eq1_gain_db eq1_q eq1_slope eq1_channels eq2_on eq2_type eq2_freq_hz eq2_gain_db eq2_q eq2_slope eq2_channels eq3_on eq3_type eq3_freq_hz eq3_gain_db eq3_q eq3_slope eq3_channels eq4_on eq4_type eq4_freq_hz eq4_gain_db eq4_q eq4_slope eq4_channels eq5_on eq5_type eq5_freq_hz eq5_gain_db eq5_q eq5_slope eq5_channels eq6_on eq6_type eq6_freq_hz eq6_gain_db eq6_q eq6_slope eq6_channels eq7_on eq7_type eq7_freq_hz eq7_gain_db eq7_q eq7_slope eq7_channels eq8_on eq8_type eq8_freq_hz eq8_gain_db eq8_q eq8_slope eq8_channels match_eq_on match_eq comp_on comp_threshold_db comp_ratio comp_knee_db comp_attack_ms comp_release_ms comp_makeup_db comp_detection comp_channels width_on width mono_below_hz" },
  { "analysis_cache", "fingerprint analysis momentary short_term clipped_runs true_peak_overs "
                      "runs_truncated" },
  { "waveform", "fingerprint frames_per_peak peaks rms" },
  { "solved_gain", "track_id key gain_db" },
  { "undo_step", "id stack label" },
  { "undo_op", "id step_id sql" },
  { "export_record", "track_id path time integrated_lufs true_peak_dbtp album_lufs target "
                     "source_fingerprint inputs" },
  { "reference", "id added source_path source_size source_mtime source_mtime_ns source_ctime_ns "
                 "source_inode source_fingerprint duration_s title cue_s" },
  { "abx_test", "id time track_id a_name a_fingerprint b_name b_fingerprint n_trials correct p_value" },
  { "abx_trial", "test_id idx time x answer" },
  { "cover", "id mime width height data" },
};

const guint lq_project_n_expected_tables = G_N_ELEMENTS (lq_project_expected_schema);

static gpointer
read_defaults (gpointer data)
{
  static const char *const tables[] = { "album", "track", "track_processing" };
  GHashTable *defaults = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3 *db = NULL;

  (void) data;
  if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) != SQLITE_OK)
    g_error ("Lacquer: cannot open an in-memory database");
  for (guint v = 0; v < LQ_PROJECT_FORMAT_VERSION; v++)
    if (sqlite3_exec (db, lq_project_migrations[v], NULL, NULL, NULL) != SQLITE_OK)
      g_error ("Lacquer: project format %u: %s", v + 1, sqlite3_errmsg (db));
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA table_info(%s)", tables[t]);
      sqlite3_stmt *stmt = NULL;

      if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
        g_error ("Lacquer: %s", sqlite3_errmsg (db));
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *column = (const char *) sqlite3_column_text (stmt, 1);
          const char *value = (const char *) sqlite3_column_text (stmt, 4);

          if (value != NULL)
            g_hash_table_insert (defaults, g_strdup_printf ("%s.%s", tables[t], column),
                                 g_strdup (value));
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return defaults;
}

const char *
lq_project_schema_get_default (const char *table,
                               const char *column)
{
  static GOnce once = G_ONCE_INIT;
  g_autofree char *key = NULL;

  g_return_val_if_fail (table != NULL && column != NULL, NULL);

  g_once (&once, read_defaults, NULL);
  key = g_strdup_printf ("%s.%s", table, column);
  return g_hash_table_lookup (once.retval, key);
}
