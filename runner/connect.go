package runner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/docker/docker/client"
)

// Client is a connection to one Docker Engine, checked with a ping.
type Client struct {
	engine     Engine
	host       string
	version    string
	apiVersion string
	hostname   string
	pid        int

	// IgnoredAPIVersion is the value of DOCKER_API_VERSION when it was set. The runner
	// negotiates the API version anyway, because a pinned version silently breaks
	// against engines older or newer than the pin; the CLI may warn about it.
	IgnoredAPIVersion string
	// ContextName is the docker context whose endpoint was used, when one was.
	ContextName string
}

// UnreachableError says that no engine answered at Host.
type UnreachableError struct {
	Host string
	Err  error
}

func (e *UnreachableError) Error() string {
	msg := fmt.Sprintf("the Docker Engine at %s is not reachable: %v\n", e.Host, e.Err)
	if errors.Is(e.Err, fs.ErrPermission) {
		return msg + "You may not use its socket: add yourself to the docker group " +
			"(`sudo usermod -aG docker $USER`, then log in again) or ask your administrator."
	}
	return msg + "Start Docker Desktop (or `sudo systemctl start docker` on Linux), then try again. " +
		"If the engine runs elsewhere, check DOCKER_HOST and `docker context ls`."
}

func (e *UnreachableError) Unwrap() error { return e.Err }

// pingTimeout bounds the first contact: a dead TCP endpoint would otherwise hang
// until the caller's context ends.
const pingTimeout = 15 * time.Second

// Connect opens a client for the engine at host, or where DOCKER_HOST or the active
// docker context points when host is empty, and pings it.
func Connect(ctx context.Context, host string) (*Client, error) {
	c := &Client{pid: os.Getpid(), IgnoredAPIVersion: os.Getenv(client.EnvOverrideAPIVersion)}
	c.hostname, _ = os.Hostname()

	// client.FromEnv would also apply DOCKER_API_VERSION, which turns negotiation off.
	opts := []client.Opt{
		client.WithTLSClientConfigFromEnv(),
		client.WithHostFromEnv(),
		client.WithAPIVersionNegotiation(),
	}
	switch {
	case host != "":
		opts = append(opts, client.WithHost(host))
	case os.Getenv(client.EnvOverrideHost) == "":
		ep, err := activeContext()
		if err != nil {
			return nil, fmt.Errorf("could not read the active docker context: %w", err)
		}
		if ep.Host != "" {
			c.ContextName = ep.Name
			opts = append(opts, client.WithHost(ep.Host))
			if ep.CAFile != "" {
				opts = append(opts, client.WithTLSClientConfig(ep.CAFile, ep.CertFile, ep.KeyFile))
			}
		}
	}
	cli, err := client.NewClientWithOpts(opts...)
	if err != nil {
		return nil, fmt.Errorf("could not configure the Docker client: %w", err)
	}
	c.engine = cli
	c.host = cli.DaemonHost()

	pctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	ping, err := cli.Ping(pctx)
	if err != nil {
		_ = cli.Close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &UnreachableError{Host: c.host, Err: err}
	}
	// Negotiation is lazy and swallows errors; settle it with the ping we have.
	cli.NegotiateAPIVersionPing(ping)
	c.apiVersion = cli.ClientVersion()
	v, err := cli.ServerVersion(pctx)
	if err != nil {
		_ = cli.Close()
		return nil, &UnreachableError{Host: c.host, Err: err}
	}
	c.version = v.Version
	return c, nil
}

// NewClient wraps an engine that the caller connected; tests and tools that hold their
// own client use it. The engine must already have negotiated its API version.
func NewClient(e Engine) *Client {
	c := &Client{engine: e, host: e.DaemonHost(), apiVersion: e.ClientVersion(), pid: os.Getpid()}
	c.hostname, _ = os.Hostname()
	return c
}

// ServerVersion reports the engine's version and the API version in use.
func (c *Client) ServerVersion() (version, apiVersion string) {
	return c.version, c.apiVersion
}

// Host is the engine's address as the client dials it.
func (c *Client) Host() string { return c.host }

// Close releases the client's connections.
func (c *Client) Close() error { return c.engine.Close() }
