package classroom

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/dockademy/dockademy/internal/events"
)

// Outbox keeps a learner's events until the class server has acknowledged them: one
// file per event in .dockademy/outbox/, written to a temporary name, synced, renamed
// and the folder synced. A crash at any point leaves either no file or a whole one,
// and a file is removed only after the server said it committed the event; if that
// answer is lost the event is sent again and the server, keyed by event ID, counts it
// once. Files are named by the event's time, so they are delivered in order.
type Outbox struct {
	dir string
}

// OpenOutbox is the outbox of the workspace whose state folder is stateDir.
func OpenOutbox(stateDir string) *Outbox {
	return &Outbox{dir: filepath.Join(stateDir, outboxDir)}
}

type entry struct {
	name  string
	event events.Event
	size  int
}

// Add stores e durably before it returns.
func (o *Outbox) Add(e events.Event) error {
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return fmt.Errorf("could not create the class outbox: %w", err)
	}
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("could not queue event %s: %w", e.ID, err)
	}
	t := e.Time
	if t.IsZero() {
		t = time.Now()
	}
	name := fmt.Sprintf("%020d-%s.json", t.UnixNano(), fileSafe(e.ID))
	tmp, err := os.CreateTemp(o.dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("could not queue event %s: %w", e.ID, err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	_, err = tmp.Write(b)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(o.dir, name))
	}
	if err == nil {
		err = syncDir(o.dir) // the rename itself must survive a power cut
	}
	if err != nil {
		return fmt.Errorf("could not queue event %s: %w", e.ID, err)
	}
	return nil
}

// Pending returns the oldest events, at most max of them and about maxBytes in all
// (always at least one).
func (o *Outbox) Pending(max, maxBytes int) ([]entry, error) {
	names, err := o.names()
	if err != nil {
		return nil, err
	}
	var out []entry
	total := 0
	for _, n := range names {
		if len(out) >= max {
			break
		}
		b, err := os.ReadFile(filepath.Join(o.dir, n))
		if errors.Is(err, fs.ErrNotExist) {
			continue // another dockademy process delivered it meanwhile
		}
		if err != nil {
			return nil, err
		}
		var e events.Event
		if err := json.Unmarshal(b, &e); err != nil || e.ID == "" {
			// Not written by Add (a rename makes half files impossible): keep it out of
			// the way rather than block every later event behind it.
			o.setAside(n)
			continue
		}
		if len(out) > 0 && total+len(b) > maxBytes {
			break
		}
		total += len(b)
		out = append(out, entry{name: n, event: e, size: len(b)})
	}
	return out, nil
}

// Remove deletes delivered events. Not syncing the folder here is deliberate: if a
// removal is lost in a crash, the event is sent again and counted once.
func (o *Outbox) Remove(es []entry) error {
	var errs []error
	for _, e := range es {
		if err := os.Remove(filepath.Join(o.dir, e.name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Len is the number of events waiting.
func (o *Outbox) Len() (int, error) {
	names, err := o.names()
	return len(names), err
}

// Drop deletes the outbox and whatever is in it.
func (o *Outbox) Drop() error { return os.RemoveAll(o.dir) }

// setAside renames a file the server will never accept (or that is not an event) to
// *.rejected, where a person can look at it.
func (o *Outbox) setAside(name string) {
	_ = os.Rename(filepath.Join(o.dir, name), filepath.Join(o.dir, name+".rejected"))
}

func (o *Outbox) names() ([]string, error) {
	des, err := os.ReadDir(o.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("could not read the class outbox: %w", err)
	}
	var names []string
	for _, d := range des {
		if n := d.Name(); !d.IsDir() && strings.HasSuffix(n, ".json") && !strings.HasPrefix(n, ".") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names, nil
}

// fileSafe keeps an event ID usable as part of a file name; IDs from events.New are
// hex already.
func fileSafe(id string) string {
	ok := len(id) <= 64 && strings.IndexFunc(id, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_')
	}) < 0
	if ok && id != "" {
		return id
	}
	h := sha256.Sum256([]byte(id))
	return hex.EncodeToString(h[:12])
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
