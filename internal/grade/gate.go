package grade

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"sync"
)

// cacheGate keeps a submission's cleanup from pruning layers that another build has
// just found in the engine's cache and not yet built upon.
//
// Submissions with the same files share layers: the second build finds the first's
// layers in the cache. When the first submission is cleaned up, removing its image
// also removes its untagged parents that have no other child. A build that has found
// such a parent in the cache, and has not yet made a container or a child from it,
// then fails with "no such image", and an innocent submission loses its points. The
// window lasts from a build's start until it runs its first container (from then on,
// the container and its children hold the parents), so builds hold the gate shared
// for that long, and cleanups that may prune unheld layers hold it exclusively. Processes on the same machine that
// grade on the same engine share it through a lock file.
type cacheGate struct {
	mu sync.RWMutex

	fmu     sync.Mutex // guards readers and the lock file's state
	readers int
	file    fileLock
}

var (
	gatesMu sync.Mutex
	gates   = map[string]*cacheGate{}
)

// gateFor returns the gate of an engine address, one per process.
func gateFor(host string) *cacheGate {
	gatesMu.Lock()
	defer gatesMu.Unlock()
	if g, ok := gates[host]; ok {
		return g
	}
	sum := sha256.Sum256([]byte(host))
	name := filepath.Join(os.TempDir(), "dockademy-cache-"+hex.EncodeToString(sum[:8])+".lock")
	g := &cacheGate{file: openLock(name)}
	gates[host] = g
	return g
}

func (g *cacheGate) rlock() {
	g.mu.RLock()
	g.fmu.Lock()
	if g.readers == 0 {
		g.file.shared()
	}
	g.readers++
	g.fmu.Unlock()
}

func (g *cacheGate) runlock() {
	g.fmu.Lock()
	g.readers--
	if g.readers == 0 {
		g.file.unlock()
	}
	g.fmu.Unlock()
	g.mu.RUnlock()
}

func (g *cacheGate) lock() {
	g.mu.Lock()
	g.file.exclusive()
}

func (g *cacheGate) unlock() {
	g.file.unlock()
	g.mu.Unlock()
}

// hold is one submission's use of the gate; its methods are idempotent, so that the
// events that end a window may arrive in any order and more than once.
type hold struct {
	g        *cacheGate
	mu       sync.Mutex
	building bool
	cleaning bool
}

func (h *hold) startBuild() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.building && !h.cleaning {
		h.g.rlock()
		h.building = true
	}
}

func (h *hold) endBuild() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.building {
		h.g.runlock()
		h.building = false
	}
}

// startCleanup begins the submission's cleanup; exclusive keeps every build out of
// its cache window meanwhile. Only a cleanup that may prune layers nobody else holds
// needs that (a failed build's leftovers, a multi-stage build's earlier stages): the
// layers of a successful build's image are held by the keeper by then, and holding
// every cleanup exclusively would line the workers up behind each other's builds.
func (h *hold) startCleanup(exclusive bool) {
	h.endBuild()
	if !exclusive {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.cleaning {
		h.g.lock()
		h.cleaning = true
	}
}

func (h *hold) release() {
	h.endBuild()
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.cleaning {
		h.g.unlock()
		h.cleaning = false
	}
}
