package runner

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// endpoint is the docker endpoint of a docker context (`docker context use`). The SDK
// does not read contexts; the CLI's own package would pull in all of docker/cli.
type endpoint struct {
	Name                      string
	Host                      string
	CAFile, CertFile, KeyFile string
}

// activeContext returns the endpoint of the context that DOCKER_CONTEXT or the config
// file's currentContext names; a zero endpoint means the SDK's default host.
func activeContext() (endpoint, error) {
	dir := os.Getenv("DOCKER_CONFIG")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return endpoint{}, nil
		}
		dir = filepath.Join(home, ".docker")
	}
	name := os.Getenv("DOCKER_CONTEXT")
	if name == "" {
		data, err := os.ReadFile(filepath.Join(dir, "config.json"))
		if errors.Is(err, fs.ErrNotExist) {
			return endpoint{}, nil
		}
		if err != nil {
			return endpoint{}, err
		}
		var cfg struct {
			CurrentContext string `json:"currentContext"`
		}
		if err := json.Unmarshal(data, &cfg); err != nil {
			return endpoint{}, err
		}
		name = cfg.CurrentContext
	}
	if name == "" || name == "default" {
		return endpoint{}, nil
	}
	return readContext(dir, name)
}

func readContext(dir, name string) (endpoint, error) {
	sum := sha256.Sum256([]byte(name))
	id := hex.EncodeToString(sum[:])
	data, err := os.ReadFile(filepath.Join(dir, "contexts", "meta", id, "meta.json"))
	if err != nil {
		return endpoint{}, err
	}
	var meta struct {
		Endpoints map[string]struct {
			Host string `json:"Host"`
		} `json:"Endpoints"`
	}
	if err := json.Unmarshal(data, &meta); err != nil {
		return endpoint{}, err
	}
	ep := endpoint{Name: name, Host: meta.Endpoints["docker"].Host}
	tls := filepath.Join(dir, "contexts", "tls", id, "docker")
	if _, err := os.Stat(filepath.Join(tls, "ca.pem")); err == nil {
		ep.CAFile = filepath.Join(tls, "ca.pem")
		ep.CertFile = filepath.Join(tls, "cert.pem")
		ep.KeyFile = filepath.Join(tls, "key.pem")
	}
	return ep, nil
}
