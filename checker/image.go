package checker

import (
	"path"
	"slices"
	"strings"

	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

// Image judges an image assertion against the inspected image. Every failing option
// is reported in one verdict; when the image is missing nothing else can be judged.
func Image(s *lessons.Step, img runner.ImageInfo, lang string) Verdict {
	o := s.Image
	ref := s.Subject
	if o.Exists != nil && !*o.Exists {
		want := msg(lang, vNoImage, ref)
		if !img.Exists {
			return passed(want, want, msg(lang, mImageAbsentOK, ref))
		}
		return failed(want, msg(lang, vImageFound, ref, shortID(img.ID)), msg(lang, mImageShouldNotExist, ref))
	}
	if !img.Exists {
		return failed(msg(lang, vImage, ref), msg(lang, vNoImage, ref), msg(lang, mImageMissing, ref))
	}

	var f findings
	if o.HasCmd {
		f.add(slices.Equal(o.Cmd, img.Cmd), instrList(lang, "CMD", o.Cmd), instrList(lang, "CMD", img.Cmd),
			msg(lang, mImageCmd, ref))
	}
	if o.HasEntry {
		f.add(slices.Equal(o.Entrypoint, img.Entrypoint),
			instrList(lang, "ENTRYPOINT", o.Entrypoint), instrList(lang, "ENTRYPOINT", img.Entrypoint),
			msg(lang, mImageEntrypoint, ref))
	}
	if len(o.Exposes) > 0 {
		f.add(exposes(lang, ref, o.Exposes, img.Exposes))
	}
	if len(o.Env) > 0 {
		f.add(subset(lang, "ENV", o.Env, img.Env, mImageEnv, ref))
	}
	if o.Workdir != nil {
		// "/app/" and "/app" name the same directory; the engine keeps what was written.
		want, got := *o.Workdir, img.Workdir
		f.add(cleanDir(want) == cleanDir(got), "WORKDIR "+want, orNone(lang, "WORKDIR", got),
			msg(lang, mImageWorkdir, ref))
	}
	if o.User != nil {
		got := "USER " + img.User
		if img.User == "" {
			got = msg(lang, vNoUser)
		}
		f.add(*o.User == img.User, "USER "+*o.User, got, msg(lang, mImageUser, ref))
	}
	if len(o.Labels) > 0 {
		f.add(subset(lang, "LABEL", o.Labels, img.Labels, mImageLabels, ref))
	}
	if o.MaxSize > 0 {
		got, limit := sizePair(img.Size, o.MaxSize)
		f.add(img.Size <= o.MaxSize, msg(lang, vAtMost, limit), got, msg(lang, mImageSize, ref, got, limit))
	}
	if len(f) == 0 {
		found := msg(lang, vImageFound, ref, shortID(img.ID))
		return passed(msg(lang, vImage, ref), found, msg(lang, mImageOK, ref))
	}
	return f.verdict(msg(lang, mImageOK, ref))
}

// instrList renders a CMD or ENTRYPOINT as the Dockerfile's JSON form would write it,
// or says that there is none.
func instrList(lang, keyword string, args []string) string {
	if len(args) == 0 {
		return msg(lang, vNone, keyword)
	}
	return keyword + " " + execForm(args)
}

func orNone(lang, keyword, value string) string {
	if value == "" {
		return msg(lang, vNone, keyword)
	}
	return keyword + " " + value
}

func cleanDir(p string) string {
	if p == "" {
		return ""
	}
	return path.Clean(p)
}

// normalPort writes a port as the engine reports it: "8080" is "8080/tcp".
func normalPort(p string) string {
	p = strings.ToLower(strings.TrimSpace(p))
	if !strings.Contains(p, "/") {
		p += "/tcp"
	}
	return p
}

func exposes(lang, ref string, want, got []string) (bool, string, string, string) {
	have := map[string]bool{}
	for _, p := range got {
		have[normalPort(p)] = true
	}
	var wanted, missing []string
	for _, p := range want {
		p = normalPort(p)
		wanted = append(wanted, p)
		if !have[p] {
			missing = append(missing, p)
		}
	}
	actual := msg(lang, vNone, "EXPOSE")
	if len(got) > 0 {
		actual = "EXPOSE " + strings.Join(got, " ")
	}
	m := strings.Join(missing, " ")
	return len(missing) == 0, "EXPOSE " + strings.Join(wanted, " "), actual, msg(lang, mImageExposes, ref, m)
}

// subset judges a map option (env, labels): every wanted key must hold the wanted
// value; other keys of the image do not matter. Actual shows the image's values for
// the wanted keys only, so that the two sides line up.
func subset(lang, keyword string, want, got map[string]string, id msgID, ref string) (bool, string, string, string) {
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var exp, act, wrong []string
	for _, k := range keys {
		exp = append(exp, k+"="+want[k])
		v, ok := got[k]
		switch {
		case !ok:
			act = append(act, msg(lang, vUnset, k))
		default:
			act = append(act, k+"="+v)
		}
		if !ok || v != want[k] {
			wrong = append(wrong, k)
		}
	}
	return len(wrong) == 0, keyword + " " + strings.Join(exp, " "), keyword + " " + strings.Join(act, " "),
		msg(lang, id, ref, strings.Join(wrong, ", "))
}
