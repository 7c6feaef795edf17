package lessons

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// kinds lists the kind keys in the order the spec gives them.
var kinds = []Kind{KindBuild, KindRun, KindExec, KindStop, KindImage, KindFile, KindOutput, KindContainer, KindHTTP, KindDockerfile}

var kindList = func() string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}()

var commonKeys = []string{"name", "points", "timeout", "hint"}

const (
	defaultHTTPWithin = 10 * time.Second
	defaultHTTPStatus = 200
)

// steps parses the YAML of a check or setup block that opens at fenceLine.
func (p *lessonParser) steps(src []byte, fenceLine int, what string) []Step {
	r := &yamlReader{errs: &p.errs, base: fenceLine}
	root, ok := r.parse(src, what)
	if !ok {
		return nil
	}
	if isNull(root) || resolve(root).Kind == yaml.SequenceNode && len(resolve(root).Content) == 0 {
		p.errs.add(fenceLine, "the %s has no steps; list them, one \"- \" line per step, like - build: .", what)
		return nil
	}
	root = resolve(root)
	if root.Kind != yaml.SequenceNode {
		r.errorf(root, "the %s is a list of steps, each starting with \"- \", like - run: example/app:latest", what)
		return nil
	}
	steps := make([]Step, 0, len(root.Content))
	for i, item := range root.Content {
		s := p.step(r, item, i+1)
		if what == "setup" && s.Kind != "" && !s.Kind.IsAction() {
			r.errorf(item, "setup steps are actions (build, run, exec, stop); move the %s step to the check", s.Kind)
		}
		steps = append(steps, s)
	}
	p.references(r, steps)
	return steps
}

// step parses one step. Its Kind is empty when the kind is unknown; its name is still
// read, so that later references to it do not pile up errors.
func (p *lessonParser) step(r *yamlReader, item *yaml.Node, index int) Step {
	s := Step{Index: index}
	item = resolve(item)
	s.Line = r.line(item)
	if item.Kind != yaml.MappingNode {
		r.errorf(item, "step %d is %s; a step is a map that starts with its kind, like - run: example/app:latest", index, describe(item))
		return s
	}
	var kindKeys []*yaml.Node
	seen := map[string]bool{}
	for i := 0; i+1 < len(item.Content); i += 2 {
		k := resolve(item.Content[i])
		if seen[k.Value] {
			r.errorf(k, "%s is given twice in this step", k.Value)
		}
		seen[k.Value] = true
		if slices.Contains(kinds, Kind(k.Value)) {
			kindKeys = append(kindKeys, k)
		}
		if k.Value == "name" {
			p.stepName(r, &s, item.Content[i+1])
		}
	}
	kindKeys = pickKind(kindKeys)
	switch len(kindKeys) {
	case 0:
		p.noKind(r, item, index)
		return s
	case 1:
	default:
		names := make([]string, len(kindKeys))
		for i, k := range kindKeys {
			names[i] = k.Value
		}
		r.errorf(kindKeys[1], "a step has one kind key, but this one has %s; split it into one step per kind", strings.Join(names, " and "))
		return s
	}
	s.Kind = Kind(kindKeys[0].Value)
	s.Line = r.line(kindKeys[0])
	opts := stepOptions[s.Kind]
	pointsSet := false
	for i := 0; i+1 < len(item.Content); i += 2 {
		k, v := resolve(item.Content[i]), item.Content[i+1]
		switch key := k.Value; {
		case key == string(s.Kind):
			subjects[s.Kind](r, &s, v)
		case key == "name": // read above
		case key == "points":
			s.Points, pointsSet = r.integer(v, "points")
			if s.Points < 0 {
				r.errorf(v, "points must not be negative")
			}
		case key == "timeout":
			s.Timeout, _ = r.duration(v, "timeout")
		case key == "hint":
			s.Hint, _ = r.str(v, "hint")
		case opts[key] != nil:
			opts[key](r, &s, v)
		default:
			r.errorf(k, "%s", unknownOption(s.Kind, key))
		}
	}
	defaults(&s, pointsSet)
	return s
}

// pickKind settles which kind key is the kind where another is one of its options:
// a build step's file, a container step's image. It returns the kind key alone, or
// all of them when that does not settle it.
func pickKind(keys []*yaml.Node) []*yaml.Node {
	if len(keys) < 2 {
		return keys
	}
	var found []*yaml.Node
	for _, k := range keys {
		others := true
		for _, o := range keys {
			if o != k && stepOptions[Kind(k.Value)][o.Value] == nil {
				others = false
			}
		}
		if others {
			found = append(found, k)
		}
	}
	if len(found) == 1 {
		return found
	}
	return keys
}

func (p *lessonParser) stepName(r *yamlReader, s *Step, v *yaml.Node) {
	name, ok := r.str(v, "name")
	switch {
	case !ok:
	case strings.TrimSpace(name) == "":
		r.errorf(v, "name is empty; name the step, like name: app")
	case strings.Contains(name, ":"):
		r.errorf(v, "name %q must not contain ':', which marks ancestor:IMAGE and name:CONTAINER subjects", name)
	default:
		s.Name = name
	}
}

// noKind explains a step without a kind key; a lone unknown key is most likely a
// misspelt kind.
func (p *lessonParser) noKind(r *yamlReader, item *yaml.Node, index int) {
	var unknown []*yaml.Node
	for i := 0; i+1 < len(item.Content); i += 2 {
		k := resolve(item.Content[i])
		if !slices.Contains(commonKeys, k.Value) && !isAnyOption(k.Value) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 1 {
		r.errorf(unknown[0], "unknown step kind %q; a step starts with one of %s", unknown[0].Value, kindList)
		return
	}
	r.errorf(item, "step %d has no kind key; start it with one of %s", index, kindList)
}

func isAnyOption(key string) bool {
	for _, opts := range stepOptions {
		if opts[key] != nil {
			return true
		}
	}
	return false
}

func unknownOption(kind Kind, key string) string {
	var owners []string
	for _, k := range kinds {
		if stepOptions[k][key] != nil {
			owners = append(owners, string(k))
		}
	}
	valid := append(optionNames(kind), commonKeys...)
	if len(owners) > 0 {
		return fmt.Sprintf("%s is not an option of %s step (it belongs to %s steps); %s step takes %s", key, article(kind), strings.Join(owners, ", "), article(kind), strings.Join(valid, ", "))
	}
	return fmt.Sprintf("unknown option %q for %s step; it takes %s", key, article(kind), strings.Join(valid, ", "))
}

// defaults resolves what the author may leave out.
func defaults(s *Step, pointsSet bool) {
	if !pointsSet {
		s.Points = 0
		if s.IsAssertion() {
			s.Points = 1
		}
	}
	yes := func() *bool { b := true; return &b }
	switch s.Kind {
	case KindBuild:
		if s.Build.File == "" {
			s.Build.File = "Dockerfile"
		}
	case KindImage:
		if s.Image.Exists == nil {
			s.Image.Exists = yes()
		}
	case KindFile:
		if s.File.Exists == nil {
			s.File.Exists = yes()
		}
	case KindContainer:
		if s.Container.Exists == nil {
			s.Container.Exists = yes()
		}
	case KindHTTP:
		if s.HTTP.Status == 0 {
			s.HTTP.Status = defaultHTTPStatus
		}
		if s.HTTP.Within == 0 {
			s.HTTP.Within = defaultHTTPWithin
		}
	}
}
