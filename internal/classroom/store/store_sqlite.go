package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// OpenSQLite opens (creating when missing) a class database in a SQLite file.
//
// WAL lets the dashboard read while learners' events are written. synchronous=FULL
// syncs the WAL at every commit: the server acknowledges an event only after its
// commit, and an acknowledged event must survive a power cut, not only a killed
// process (NORMAL would be enough for kill -9, since the WAL is then in the OS's page
// cache, but not for the laptop whose battery dies). Events arrive in batches, so one
// fsync per batch costs little. Writes share one connection, because SQLite allows
// one writer at a time and a queue in Go is fairer than busy-waiting in SQLite; the
// busy timeout covers another process (or a leftover lock) holding the file.
func OpenSQLite(ctx context.Context, path string) (Store, error) {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate") // take the write lock at BEGIN, not at the first write
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	w, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("could not open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", dsn)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("could not open %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	s := &sqlStore{w: w, r: r, isUnique: sqliteUnique}
	if err := w.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("could not open %s: %w", path, err)
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

func sqliteUnique(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}
