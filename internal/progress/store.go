// Package progress keeps a learner's record in the workspace: every event in an
// append-only log (attempts.jsonl) and a summary of where each unit stands
// (state.json). The log is the truth; the summary is a cache of it, rebuilt from the
// log when it is missing, damaged or behind. Several dockademy processes may share a
// workspace (check in one terminal, watch in another): every read-modify-write holds
// an exclusive lock on a lock file.
package progress

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/dockademy/dockademy/internal/events"
)

// File names inside the state folder.
const (
	LogFile   = "attempts.jsonl"
	StateFile = "state.json"
	lockFile  = "progress.lock"
)

// stateVersion is the version of state.json's shape.
const stateVersion = 1

// Store is a workspace's progress record. Its methods are safe for concurrent use,
// also by several processes.
type Store struct {
	dir string
	mu  sync.Mutex // the flock is per open file; this orders the goroutines of one process too
}

// Open opens the record in stateDir (a workspace's .dockademy folder), creating the
// folder if needed. It reads nothing yet.
func Open(stateDir string) (*Store, error) {
	if err := os.MkdirAll(stateDir, 0o755); err != nil {
		return nil, fmt.Errorf("could not create the progress folder %s: %w", stateDir, err)
	}
	return &Store{dir: stateDir}, nil
}

// Dir is the folder the store keeps its files in.
func (s *Store) Dir() string { return s.dir }

// Record appends e to the log and updates the summary. It implements events.Sink. The
// log line is on disk (fsync) before the summary changes, and the summary is replaced
// by a rename, so a crash at any point loses at most the summary's update, which the
// next read redoes from the log.
func (s *Store) Record(ctx context.Context, e events.Event) error {
	if e.ID == "" {
		return errors.New("could not record an event without an id")
	}
	if e.Time.IsZero() {
		e.Time = time.Now().UTC()
	}
	line, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("could not encode the %s event: %w", e.Kind, err)
	}
	return s.update(ctx, func(st *State, logEnd int64) (int64, error) {
		end, err := s.appendLine(line, logEnd)
		if err != nil {
			return 0, err
		}
		// load replayed what the summary had missed (a process killed between its
		// append and its summary); this event is new.
		st.apply(e)
		return end, nil
	})
}

// State returns the summary, brought up to date with the log.
func (s *Store) State() (*State, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	unlock, err := lockShared(filepath.Join(s.dir, lockFile))
	if err != nil {
		return nil, err
	}
	defer unlock()
	st, _, err := s.load()
	return st, err
}

// SetPosition records where the learner is reading: a lesson and a section of it.
func (s *Store) SetPosition(lessonID string, section int) error {
	return s.update(context.Background(), func(st *State, logEnd int64) (int64, error) {
		st.Lesson, st.Section = lessonID, section
		return logEnd, nil
	})
}

// Start marks a unit as started (opened) and makes it the current one, unless it is
// further along already.
func (s *Store) Start(unit string) error {
	return s.update(context.Background(), func(st *State, logEnd int64) (int64, error) {
		st.start(unit, time.Now().UTC())
		return logEnd, nil
	})
}

// Log returns every event in the order recorded. A torn or damaged line (a crash
// mid-append) is left out.
func (s *Store) Log() ([]events.Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	unlock, err := lockShared(filepath.Join(s.dir, lockFile))
	if err != nil {
		return nil, err
	}
	defer unlock()
	var out []events.Event
	_, err = s.readLog(0, func(e events.Event) { out = append(out, e) })
	return out, err
}

// update runs fn on the current summary under the exclusive lock and saves the result.
// fn returns the log offset that the summary now covers.
func (s *Store) update(ctx context.Context, fn func(st *State, logEnd int64) (int64, error)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	unlock, err := lockExclusive(ctx, filepath.Join(s.dir, lockFile))
	if err != nil {
		return err
	}
	defer unlock()
	st, logEnd, err := s.load()
	if err != nil {
		return err
	}
	end, err := fn(st, logEnd)
	if err != nil {
		return err
	}
	st.LogSize = end
	return s.save(st)
}

// load reads state.json and replays what the log holds beyond it. A missing or broken
// state.json, or a log that is shorter than the summary says (replaced, truncated),
// means a rebuild from the whole log. It returns the log's end offset.
func (s *Store) load() (*State, int64, error) {
	st, err := s.readState()
	if err != nil {
		st = newState()
	}
	size, err := fileSize(filepath.Join(s.dir, LogFile))
	if err != nil {
		return nil, 0, err
	}
	if st.LogSize > size {
		position := *st
		st = newState()
		st.Lesson, st.Section = position.Lesson, position.Section
	}
	if st.LogSize == size {
		return st, size, nil
	}
	end, err := s.readLog(st.LogSize, st.apply)
	if err != nil {
		return nil, 0, err
	}
	st.LogSize = end
	return st, end, nil
}

func (s *Store) readState() (*State, error) {
	b, err := os.ReadFile(filepath.Join(s.dir, StateFile))
	if err != nil {
		return nil, err
	}
	st := newState()
	if err := json.Unmarshal(b, st); err != nil {
		return nil, err
	}
	if st.Version != stateVersion || st.LogSize < 0 {
		return nil, fmt.Errorf("state.json version %d", st.Version)
	}
	if st.Units == nil {
		st.Units = map[string]*UnitState{}
	}
	return st, nil
}

func (s *Store) save(st *State) error {
	st.Version = stateVersion
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(filepath.Join(s.dir, StateFile), append(b, '\n'))
}

// readLog calls fn with each whole, valid event from offset on and returns the offset
// after the last whole line. A last line without its newline is a torn append, not
// yet (or never) finished: it is not read, and not counted.
func (s *Store) readLog(offset int64, fn func(events.Event)) (int64, error) {
	f, err := os.Open(filepath.Join(s.dir, LogFile))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("could not read the progress log: %w", err)
	}
	defer f.Close()
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return 0, fmt.Errorf("could not read the progress log: %w", err)
	}
	r := bufio.NewReaderSize(f, 64<<10)
	end := offset
	for {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return end, nil
		}
		if err != nil {
			return end, fmt.Errorf("could not read the progress log: %w", err)
		}
		end += int64(len(line))
		var e events.Event
		if json.Unmarshal(bytes.TrimSpace(line), &e) != nil || e.ID == "" {
			continue // a damaged line: the rest of the log still counts
		}
		fn(e)
	}
}

// appendLine appends one line to the log, whose whole lines end at logEnd, and syncs
// it. Bytes after logEnd are a torn append of a process that was killed: that event
// was never recorded, so they are cut off rather than glued to the new line.
func (s *Store) appendLine(line []byte, logEnd int64) (int64, error) {
	f, err := os.OpenFile(filepath.Join(s.dir, LogFile), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return 0, fmt.Errorf("could not open the progress log: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, fmt.Errorf("could not open the progress log: %w", err)
	}
	if st.Size() > logEnd {
		if err := f.Truncate(logEnd); err != nil {
			return 0, fmt.Errorf("could not repair the progress log: %w", err)
		}
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		return 0, fmt.Errorf("could not write the progress log: %w", err)
	}
	if err := f.Sync(); err != nil {
		return 0, fmt.Errorf("could not write the progress log: %w", err)
	}
	return logEnd + int64(len(line)) + 1, nil
}

func fileSize(path string) (int64, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("could not read the progress log: %w", err)
	}
	return st.Size(), nil
}

// writeAtomic replaces path through a synced temporary file and a rename, then syncs
// the folder so that the rename itself survives a power cut.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("could not write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("could not write %s: %w", path, err)
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // not every system can sync a folder; the rename is done either way
		d.Close()
	}
	return nil
}
