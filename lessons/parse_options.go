package lessons

import (
	"net/url"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// setter reads one key of a step into the step.
type setter func(r *yamlReader, s *Step, v *yaml.Node)

// subjects reads each kind key's value.
var subjects = map[Kind]setter{
	KindBuild: func(r *yamlReader, s *Step, v *yaml.Node) {
		s.Subject = relSubject(r, v, "build", ".")
	},
	KindRun: func(r *yamlReader, s *Step, v *yaml.Node) {
		s.Subject = required(r, v, "run", "an image reference, like run: example/app:latest")
	},
	KindExec: func(r *yamlReader, s *Step, v *yaml.Node) {
		s.Command, _ = r.list(v, "exec", "[cat, /etc/hostname]")
		if s.Command != nil && len(s.Command) == 0 {
			r.errorf(v, "exec needs a command, like exec: [cat, /etc/hostname]")
		}
	},
	KindStop: func(r *yamlReader, s *Step, v *yaml.Node) {
		s.Subject = containerSubject(r, v, "stop")
	},
	KindImage: func(r *yamlReader, s *Step, v *yaml.Node) {
		s.Subject = required(r, v, "image", "an image reference, like image: example/app:latest")
	},
	KindFile: func(r *yamlReader, s *Step, v *yaml.Node) {
		s.Subject = required(r, v, "file", "a path inside the image, like file: /usr/local/bin/app")
		if s.Subject != "" && !strings.HasPrefix(s.Subject, "/") {
			r.errorf(v, "file %q is a path inside the image; write it from the root, like /%s", s.Subject, strings.TrimPrefix(s.Subject, "./"))
		}
	},
	KindOutput: func(r *yamlReader, s *Step, v *yaml.Node) { outputOf(r, s, v, "output") },
	KindContainer: func(r *yamlReader, s *Step, v *yaml.Node) {
		s.Subject = containerSubject(r, v, "container")
	},
	KindHTTP: func(r *yamlReader, s *Step, v *yaml.Node) {
		s.Subject = required(r, v, "http", "a URL, like http: http://localhost:9000/")
		if s.Subject == "" {
			return
		}
		u, err := url.Parse(s.Subject)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			r.errorf(v, "http %q is not a URL; write it in full, like http://localhost:9000/", s.Subject)
		}
	},
	KindDockerfile: func(r *yamlReader, s *Step, v *yaml.Node) {
		s.Subject = relSubject(r, v, "dockerfile", "Dockerfile")
	},
}

// stepOptions reads each kind's options, by key.
var stepOptions = map[Kind]map[string]setter{
	KindBuild: {
		"tag": func(r *yamlReader, s *Step, v *yaml.Node) { s.Build.Tag, _ = r.str(v, "tag") },
		"file": func(r *yamlReader, s *Step, v *yaml.Node) {
			s.Build.File = relSubject(r, v, "file", "Dockerfile")
		},
		"pull": func(r *yamlReader, s *Step, v *yaml.Node) { s.Build.Pull, _ = r.boolean(v, "pull") },
		"args": func(r *yamlReader, s *Step, v *yaml.Node) { s.Build.Args, _ = r.strMap(v, "args") },
	},
	KindRun: {
		"detach": func(r *yamlReader, s *Step, v *yaml.Node) { s.Run.Detach, _ = r.boolean(v, "detach") },
		"publish": func(r *yamlReader, s *Step, v *yaml.Node) {
			s.Run.Publish, _ = r.list(v, "publish", `["9000:8080"]`)
			eachItem(r, v, s.Run.Publish, func(p string) (string, string) { return p, checkPublish(p) })
		},
		"command": func(r *yamlReader, s *Step, v *yaml.Node) {
			s.Run.Command, _ = r.list(v, "command", "[sh, -c, 'echo hi']")
		},
		"env": func(r *yamlReader, s *Step, v *yaml.Node) { s.Run.Env, _ = r.strMap(v, "env") },
	},
	KindExec: {
		"in": func(r *yamlReader, s *Step, v *yaml.Node) { s.Exec.In, _ = r.str(v, "in") },
	},
	KindStop: {
		"within": func(r *yamlReader, s *Step, v *yaml.Node) { s.Stop.Within, _ = r.duration(v, "within") },
	},
	KindImage: {
		"exists": func(r *yamlReader, s *Step, v *yaml.Node) { s.Image.Exists = r.optBool(v, "exists") },
		"cmd": func(r *yamlReader, s *Step, v *yaml.Node) {
			var ok bool
			s.Image.Cmd, ok = r.list(v, "cmd", `["node", "server.js"] (or [] for no CMD)`)
			s.Image.HasCmd = ok
		},
		"entrypoint": func(r *yamlReader, s *Step, v *yaml.Node) {
			var ok bool
			s.Image.Entrypoint, ok = r.list(v, "entrypoint", `["docker-entrypoint.sh"] (or [] for none)`)
			s.Image.HasEntry = ok
		},
		"exposes": func(r *yamlReader, s *Step, v *yaml.Node) {
			s.Image.Exposes, _ = r.list(v, "exposes", "[8080/tcp]")
			eachItem(r, v, s.Image.Exposes, normalizeExpose)
		},
		"env":      func(r *yamlReader, s *Step, v *yaml.Node) { s.Image.Env, _ = r.strMap(v, "env") },
		"workdir":  func(r *yamlReader, s *Step, v *yaml.Node) { s.Image.Workdir = r.optStr(v, "workdir") },
		"user":     func(r *yamlReader, s *Step, v *yaml.Node) { s.Image.User = r.optStr(v, "user") },
		"labels":   func(r *yamlReader, s *Step, v *yaml.Node) { s.Image.Labels, _ = r.strMap(v, "labels") },
		"max_size": func(r *yamlReader, s *Step, v *yaml.Node) { s.Image.MaxSize, _ = r.size(v, "max_size") },
	},
	KindFile: {
		"in":         func(r *yamlReader, s *Step, v *yaml.Node) { s.File.In, _ = r.str(v, "in") },
		"exists":     func(r *yamlReader, s *Step, v *yaml.Node) { s.File.Exists = r.optBool(v, "exists") },
		"executable": func(r *yamlReader, s *Step, v *yaml.Node) { s.File.Executable = r.optBool(v, "executable") },
		"contains":   func(r *yamlReader, s *Step, v *yaml.Node) { s.File.Contains = r.optStr(v, "contains") },
	},
	KindOutput: {
		"of":            func(r *yamlReader, s *Step, v *yaml.Node) { outputOf(r, s, v, "of") },
		"stdout":        func(r *yamlReader, s *Step, v *yaml.Node) { s.Output.Stdout = r.optStr(v, "stdout") },
		"stdout_equals": func(r *yamlReader, s *Step, v *yaml.Node) { s.Output.StdoutEquals = r.optStr(v, "stdout_equals") },
		"stderr":        func(r *yamlReader, s *Step, v *yaml.Node) { s.Output.Stderr = r.optStr(v, "stderr") },
		"exit_code":     func(r *yamlReader, s *Step, v *yaml.Node) { s.Output.ExitCode = r.optInt(v, "exit_code") },
	},
	KindContainer: {
		"exists":  func(r *yamlReader, s *Step, v *yaml.Node) { s.Container.Exists = r.optBool(v, "exists") },
		"running": func(r *yamlReader, s *Step, v *yaml.Node) { s.Container.Running = r.optBool(v, "running") },
		"publishes": func(r *yamlReader, s *Step, v *yaml.Node) {
			s.Container.Publishes, _ = r.list(v, "publishes", `["9000->8080/tcp"]`)
			eachItem(r, v, s.Container.Publishes, normalizePublishes)
		},
		"exit_code": func(r *yamlReader, s *Step, v *yaml.Node) { s.Container.ExitCode = r.optInt(v, "exit_code") },
		"image":     func(r *yamlReader, s *Step, v *yaml.Node) { s.Container.Image, _ = r.str(v, "image") },
		"unchanged": func(r *yamlReader, s *Step, v *yaml.Node) { s.Container.Unchanged = r.optBool(v, "unchanged") },
	},
	KindHTTP: {
		"status": func(r *yamlReader, s *Step, v *yaml.Node) {
			if st, ok := r.integer(v, "status"); ok && (st < 100 || st > 599) {
				r.errorf(v, "status %d is not an HTTP status; write one like 200 or 404", st)
			} else {
				s.HTTP.Status = st
			}
		},
		"body":   func(r *yamlReader, s *Step, v *yaml.Node) { s.HTTP.Body = r.optStr(v, "body") },
		"within": func(r *yamlReader, s *Step, v *yaml.Node) { s.HTTP.Within, _ = r.duration(v, "within") },
		"via": func(r *yamlReader, s *Step, v *yaml.Node) {
			s.HTTP.Via = containerSubject(r, v, "via")
		},
	},
	KindDockerfile: {
		"from": func(r *yamlReader, s *Step, v *yaml.Node) { s.Dockerfile.From, _ = r.str(v, "from") },
		"instructions": func(r *yamlReader, s *Step, v *yaml.Node) {
			s.Dockerfile.Instructions, _ = r.list(v, "instructions", "[COPY, CMD]")
		},
		"forbid": func(r *yamlReader, s *Step, v *yaml.Node) {
			s.Dockerfile.Forbid, _ = r.list(v, "forbid", "[ADD]")
		},
		"exec_form": func(r *yamlReader, s *Step, v *yaml.Node) {
			s.Dockerfile.ExecForm, _ = r.list(v, "exec_form", "[CMD, ENTRYPOINT]")
		},
	},
}

func optionNames(k Kind) []string {
	var names []string
	for name := range stepOptions[k] {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// eachItem checks and rewrites the items of a list option in place.
func eachItem(r *yamlReader, v *yaml.Node, items []string, check func(string) (string, string)) {
	v = resolve(v)
	for i, item := range items {
		norm, msg := check(item)
		if msg != "" {
			r.errorf(v.Content[i], "%s", msg)
			continue
		}
		items[i] = norm
	}
}

func required(r *yamlReader, v *yaml.Node, key, what string) string {
	if isNull(v) {
		r.errorf(v, "%s needs %s", key, what)
		return ""
	}
	s, _ := r.str(v, key)
	if s == "" {
		r.errorf(v, "%s needs %s", key, what)
	}
	return s
}

// relSubject reads a path inside the exercise folder, with a default.
func relSubject(r *yamlReader, v *yaml.Node, key, def string) string {
	if isNull(v) {
		return def
	}
	s, ok := r.str(v, key)
	if !ok || s == "" || s == "." || s == "./" {
		return def
	}
	clean, msg := cleanRelPath(s)
	if msg != "" {
		r.errorf(v, "%s %s: %s", key, s, strings.Replace(msg, "a file", "something", 1))
		return def
	}
	return clean
}

// outputOf reads an output step's subject, written as its kind key's value or, as the
// spec's "of:" suggests, with of.
func outputOf(r *yamlReader, s *Step, v *yaml.Node, key string) {
	if isNull(v) {
		return
	}
	if s.Subject != "" {
		r.errorf(v, "an output step names what it reads once: output: NAME or of: NAME, not both")
		return
	}
	s.Subject, _ = r.str(v, key)
	checkSubjectSyntax(r, v, s.Subject)
}

func containerSubject(r *yamlReader, v *yaml.Node, key string) string {
	s := required(r, v, key, "a container: ancestor:IMAGE, name:NAME, or the name of a run step")
	checkSubjectSyntax(r, v, s)
	return s
}

func checkSubjectSyntax(r *yamlReader, v *yaml.Node, s string) {
	cs := ParseContainerSubject(s)
	switch {
	case strings.HasPrefix(s, "ancestor:") && cs.Ancestor == "":
		r.errorf(v, "ancestor: needs an image, like ancestor:example/app:latest")
	case strings.HasPrefix(s, "name:") && cs.Name == "":
		r.errorf(v, "name: needs the container's name, like name:web")
	}
}
