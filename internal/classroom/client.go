package classroom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// httpClient bounds every request; callers bound the whole delivery with their ctx.
var httpClient = &http.Client{Timeout: 10 * time.Second}

// APIError is an answer from the class server that was not a success.
type APIError struct {
	Status  int
	Message string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("the class server answered %d: %s", e.Status, e.Message)
}

// ServerURL checks and normalises the address a learner typed: a scheme is optional
// (http is assumed on a LAN), a trailing slash is dropped.
func ServerURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%q is not a class server address: use the one on the instructor's screen, like http://192.168.1.20:8765", s)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawQuery, u.Fragment = "", ""
	return u.String(), nil
}

// Join registers name in the class that code opens on the server at base and returns
// the membership to Save.
func Join(ctx context.Context, base, code, name string) (*Config, error) {
	base, err := ServerURL(base)
	if err != nil {
		return nil, err
	}
	var resp JoinResponse
	if err := call(ctx, http.MethodPost, base+"/api/join", "", JoinRequest{Code: code, Name: name}, &resp); err != nil {
		return nil, err
	}
	return &Config{URL: base, LearnerID: resp.LearnerID, Name: resp.Name, Token: resp.Token, JoinedAt: time.Now().UTC()}, nil
}

func (c *Config) eventsURL() string {
	return c.URL + "/api/learners/" + url.PathEscape(c.LearnerID) + "/events"
}

func (c *Config) statusURL() string {
	return c.URL + "/api/learners/" + url.PathEscape(c.LearnerID) + "/status"
}

// call sends a JSON request and decodes a JSON answer.
func call(ctx context.Context, method, u, token string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return fmt.Errorf("could not reach the class server: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("could not read the class server's answer: %w", err)
	}
	if resp.StatusCode/100 != 2 {
		var e ErrorResponse
		if json.Unmarshal(b, &e) != nil || e.Error == "" {
			e.Error = strings.TrimSpace(string(b))
		}
		return &APIError{Status: resp.StatusCode, Message: e.Error}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("the class server's answer is not what dockademy expects (is %s a dockademy class server?): %w", u, err)
	}
	return nil
}

// FlushResult is what one delivery did.
type FlushResult struct {
	Sent            int    // events the server acknowledged
	Pending         int    // events still waiting (the server could not be reached)
	Rejected        int    // events the server refused for good, set aside as *.rejected
	CurrentExercise string // the instructor's current exercise, "" for none
}

// Flush delivers the outbox of the workspace whose state folder is stateDir, oldest
// first, until it is empty, ctx ends or the server cannot be reached, and refreshes the
// cached current exercise. Several processes may flush one outbox at once: at worst
// an event is sent twice and counted once.
func Flush(ctx context.Context, stateDir string) (FlushResult, error) {
	var res FlushResult
	cfg, err := Load(stateDir)
	if err != nil {
		return res, err
	}
	ob := OpenOutbox(stateDir)
	fetched := false
	for {
		batch, err := ob.Pending(MaxBatch, MaxBody*3/4)
		if err != nil || len(batch) == 0 {
			if err != nil {
				return res, err
			}
			break
		}
		cur, n, rejected, err := deliver(ctx, cfg, ob, batch)
		res.Sent += n
		res.Rejected += rejected
		if err != nil {
			res.Pending, _ = ob.Len()
			return res, err
		}
		res.CurrentExercise, fetched = cur, true
	}
	if !fetched {
		var st StatusResponse
		if err := call(ctx, http.MethodGet, cfg.statusURL(), cfg.Token, nil, &st); err != nil {
			return res, err
		}
		res.CurrentExercise = st.CurrentExercise
	}
	if err := setCurrentExercise(stateDir, res.CurrentExercise); err != nil {
		return res, err
	}
	res.Pending, err = ob.Len()
	return res, err
}

// deliver sends one batch. When the server refuses a batch as malformed or too large,
// its events go one by one, and only one that is refused alone is set aside: one bad
// event must not hold back every later one.
func deliver(ctx context.Context, cfg *Config, ob *Outbox, batch []entry) (cur string, sent, rejected int, err error) {
	req := EventsRequest{}
	for _, e := range batch {
		req.Events = append(req.Events, e.event)
	}
	var resp EventsResponse
	err = call(ctx, http.MethodPost, cfg.eventsURL(), cfg.Token, req, &resp)
	var ae *APIError
	if errors.As(err, &ae) && (ae.Status == http.StatusBadRequest || ae.Status == http.StatusRequestEntityTooLarge) {
		if len(batch) == 1 {
			ob.setAside(batch[0].name)
			return "", 0, 1, nil
		}
		for _, e := range batch {
			c, s, r, err := deliver(ctx, cfg, ob, []entry{e})
			sent, rejected = sent+s, rejected+r
			if s > 0 {
				cur = c
			}
			if err != nil {
				return cur, sent, rejected, err
			}
		}
		return cur, sent, rejected, nil
	}
	if err != nil {
		return "", 0, 0, err
	}
	if err := ob.Remove(batch); err != nil {
		return resp.CurrentExercise, len(batch), 0, err
	}
	return resp.CurrentExercise, len(batch), 0, nil
}
