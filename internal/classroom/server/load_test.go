package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dockademy/dockademy/internal/classroom"
	"github.com/dockademy/dockademy/internal/classroom/server"
)

// TestLoad is a bounded load test on loopback: 60 learners send check results in
// bursts, each through their own workspace's outbox and sink as dockademy does, while
// 5 dashboards watch the event stream. It logs events per second and the latency from
// a learner's Record to the update at a dashboard (median, p99). It asserts only that
// nothing was lost or counted twice: times depend on the machine (house rule).
//
//	go test ./internal/classroom/server -run TestLoad -v
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("a load test; not with -short")
	}
	const (
		learners   = 60
		dashboards = 5
		bursts     = 5
		perBurst   = 5
	)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	c := newClass(t, server.Options{})

	// Dashboards: each notes when every update arrives.
	type arrival struct {
		mu   sync.Mutex
		at   map[string]time.Time
		done bool
	}
	arrivals := make([]*arrival, dashboards)
	ready := make(chan struct{}, dashboards)
	for i := range arrivals {
		a := &arrival{at: map[string]time.Time{}}
		arrivals[i] = a
		req, _ := http.NewRequestWithContext(ctx, "GET", c.url+"/events", nil)
		req.Header.Set("Authorization", "Bearer "+c.token)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		t.Cleanup(func() { resp.Body.Close() })
		go func() {
			sc := bufio.NewScanner(resp.Body)
			for sc.Scan() {
				line := sc.Text()
				if line == "event: hello" {
					ready <- struct{}{}
				}
				data, ok := strings.CutPrefix(line, "data: ")
				if !ok {
					continue
				}
				var u server.Update
				if json.Unmarshal([]byte(data), &u) == nil && u.ID != "" {
					now := time.Now()
					a.mu.Lock()
					a.at[u.ID] = now
					a.mu.Unlock()
				}
			}
			a.mu.Lock()
			a.done = true // the stream ended: dropped, or the test is over
			a.mu.Unlock()
		}()
	}
	for range dashboards {
		<-ready
	}

	// Learners: join, then bursts of checks, each burst one "command".
	dirs := make([]string, learners)
	for i := range dirs {
		dirs[i] = filepath.Join(t.TempDir(), ".dockademy")
		cfg, err := classroom.Join(ctx, c.url, c.code, fmt.Sprintf("learner %02d", i))
		require.NoError(t, err)
		require.NoError(t, classroom.Save(dirs[i], cfg))
	}
	var mu sync.Mutex
	sent := map[string]time.Time{}   // Record called
	queued := map[string]time.Time{} // Record returned: the event is on the learner's disk
	start := time.Now()
	var wg sync.WaitGroup
	for _, dir := range dirs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range bursts {
				sink := classroom.NewSink(dir)
				for i := range perBurst {
					e := check("basics/echo", b == bursts-1 && i == perBurst-1)
					mu.Lock()
					sent[e.ID] = time.Now()
					mu.Unlock()
					if !assert.NoError(t, sink.Record(ctx, e)) {
						return
					}
					mu.Lock()
					queued[e.ID] = time.Now()
					mu.Unlock()
				}
				wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
				assert.NoError(t, sink.Wait(wctx))
				wcancel()
				time.Sleep(time.Duration(rand.IntN(100)) * time.Millisecond)
			}
		}()
	}
	wg.Wait()
	posted := time.Since(start)

	total := learners * bursts * perBurst
	// Wait (bounded) until every dashboard has every update.
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		all := true
		for _, a := range arrivals {
			a.mu.Lock()
			all = all && (len(a.at) == total || a.done)
			a.mu.Unlock()
		}
		if all {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	var lat, fromQueue []time.Duration
	var last time.Time
	missing := 0
	for _, a := range arrivals {
		a.mu.Lock()
		for id, s := range sent {
			at, ok := a.at[id]
			if !ok {
				missing++
				continue
			}
			lat = append(lat, at.Sub(s))
			fromQueue = append(fromQueue, at.Sub(queued[id]))
			if at.After(last) {
				last = at
			}
		}
		a.mu.Unlock()
	}
	slices.Sort(lat)
	slices.Sort(fromQueue)
	pct := func(lat []time.Duration, p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(float64(len(lat))*p))]
	}
	t.Logf("load: %d learners × %d bursts × %d checks = %d events, %d dashboards", learners, bursts, perBurst, total, dashboards)
	t.Logf("load: %.0f events/s posted (all acknowledged in %v); %.0f events/s to the dashboards (last update after %v)",
		float64(total)/posted.Seconds(), posted.Round(time.Millisecond),
		float64(total)/last.Sub(start).Seconds(), last.Sub(start).Round(time.Millisecond))
	t.Logf("load: learner's Record → dashboard update: median %v, p99 %v, max %v over %d deliveries; %d missed",
		pct(lat, 0.5).Round(time.Millisecond), pct(lat, 0.99).Round(time.Millisecond), pct(lat, 1).Round(time.Millisecond), len(lat), missing)
	// All 60 outboxes share this machine's one disk, unlike in a classroom: this
	// second figure leaves the learner's own fsync out.
	t.Logf("load: event on the learner's disk → dashboard update: median %v, p99 %v",
		pct(fromQueue, 0.5).Round(time.Millisecond), pct(fromQueue, 0.99).Round(time.Millisecond))

	rows := c.export()
	require.Len(t, rows, learners)
	for _, r := range rows {
		assert.Equal(t, bursts*perBurst, r.Attempts, r.Learner)
		assert.Equal(t, "passed", r.Status, r.Learner)
	}
	assert.Zero(t, missing, "every dashboard got every update")
}
