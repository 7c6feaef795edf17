// Package pgtest starts a throwaway PostgreSQL server for tests: Debian's postgresql
// package, a cluster under a temporary folder, on a free loopback port, stopped and
// removed at the end. Outside CI a machine without PostgreSQL skips the tests that need
// it, and says why; with CI=true that is a failure.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// EnvURL names a server to use instead of starting one: a postgres:// URL whose user
// may create databases.
const EnvURL = "DOCKADEMY_TEST_POSTGRES"

// Server is a running PostgreSQL server.
type Server struct {
	URL  string // of the maintenance database
	dir  string
	bin  string
	user string
}

var (
	once    sync.Once
	srv     *Server
	srvErr  error
	started bool
)

// Database creates a fresh, empty database for one test and returns its URL. The
// server starts at the first call; call Stop from TestMain.
func Database(t testing.TB) string {
	t.Helper()
	once.Do(func() { srv, srvErr = start() })
	if srvErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but PostgreSQL could not be started: %v", srvErr)
		}
		t.Skipf("no PostgreSQL to test against: %v", srvErr)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "t_" + hex.EncodeToString(b[:])
	db, err := sql.Open("pgx", srv.URL)
	if err != nil {
		t.Fatalf("could not reach PostgreSQL: %v", err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("could not create a test database: %v", err)
	}
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatalf("bad PostgreSQL URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// Stop stops the server that Database started, if any, and removes its files.
func Stop() {
	if srv == nil || !started {
		return
	}
	_ = srv.run(filepath.Join(srv.bin, "pg_ctl"), "-D", filepath.Join(srv.dir, "data"), "-m", "immediate", "-w", "stop")
	os.RemoveAll(srv.dir)
}

func start() (*Server, error) {
	if u := os.Getenv(EnvURL); u != "" {
		return &Server{URL: u}, nil
	}
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "dockademy-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, bin: bin}
	// PostgreSQL refuses to run as root: as root, run it as the package's user.
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root and there is no postgres user to run the server as: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chmod(dir, 0o755); err != nil {
			return nil, err
		}
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
		s.user = "postgres"
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	data := filepath.Join(dir, "data")
	if err := s.run(filepath.Join(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--locale=C"); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	// fsync=off: a test database need not survive a power cut, and it is much faster.
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c max_connections=200", port, dir)
	if err := s.run(filepath.Join(bin, "pg_ctl"), "-D", data, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "-o", opts, "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		return nil, fmt.Errorf("%w\n%s", err, log)
	}
	started = true
	s.URL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := sql.Open("pgx", s.URL)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if err := db.PingContext(ctx); err != nil {
		Stop()
		return nil, fmt.Errorf("PostgreSQL started but does not answer: %w", err)
	}
	return s, nil
}

func (s *Server) run(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	if s.user != "" {
		cmd = exec.Command("runuser", append([]string{"-u", s.user, "--", name}, args...)...)
	}
	cmd.Dir = os.TempDir()
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %w\n%s", filepath.Base(name), err, out)
	}
	return nil
}

// binDir finds the server's programs: Debian keeps them out of PATH, under
// /usr/lib/postgresql/<version>/bin.
func binDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", fmt.Errorf("PostgreSQL's server programs are not installed (Debian: apt-get install postgresql)")
}

func version(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
